using Cluster.Runtime.Builder;

namespace Cluster.Runtime.Hosting;

/// <summary>One controller to declare on the runtime when the host starts (made by <c>AddController</c>).</summary>
internal sealed record ControllerRegistration(Action<IServiceProvider, ControllerRuntime> Declare);
