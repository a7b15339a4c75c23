using Cluster.TestKit;

namespace Cluster.ApiServer.Tests.Integration;

/// <summary>
/// An <see cref="InProcessServer"/> with every admission plugin on (ServiceAccount included) and a clock that moves
/// only when a test advances it, so the admission's waits for a <c>default</c> account are under the test's control.
/// Tests make the accounts themselves: no controller runs here.
/// </summary>
public sealed class AdmittingServer : InProcessServer
{
    public ManualTime Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override TimeProvider Time => Clock;

    protected override ApiServerOptions Configure(ApiServerOptions options) => options with { DisabledAdmissionPlugins = new HashSet<string>() };
}
