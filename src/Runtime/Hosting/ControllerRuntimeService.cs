using Cluster.Runtime.Builder;
using Microsoft.Extensions.Hosting;

namespace Cluster.Runtime.Hosting;

/// <summary>
/// Runs the <see cref="ControllerRuntime"/> as a hosted service: declares every registered controller, then runs until
/// the host stops. A lost leader election ends the service with an exception, which stops the host (let the process
/// restart, as upstream components do).
/// </summary>
internal sealed class ControllerRuntimeService(IServiceProvider services, ControllerRuntime runtime, IEnumerable<ControllerRegistration> registrations) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var registration in registrations) registration.Declare(services, runtime);
        return runtime.RunAsync(stoppingToken);
    }
}
