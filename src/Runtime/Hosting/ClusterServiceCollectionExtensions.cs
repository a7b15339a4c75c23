using System.Diagnostics.Metrics;
using Cluster.Api;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Controllers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Cluster.Runtime.Hosting;

/// <summary>
/// Wiring for <c>Microsoft.Extensions.Hosting</c> apps: a custom controller is a few lines of <c>Program.cs</c>.
/// </summary>
/// <example><code>
/// var builder = Host.CreateApplicationBuilder(args);
/// builder.Services.AddClusterClient().AddController&lt;App, AppReconciler&gt;(c => c.Owns&lt;Deployment&gt;());
/// await builder.Build().RunAsync();
/// </code></example>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Registers the cluster connection (<paramref name="connection"/>, or the standard lookup using the
    /// <c>kubeconfig</c> and <c>context</c> configuration keys, e.g. <c>--kubeconfig path</c>), one shared
    /// <see cref="ClusterClient"/>, the <see cref="ControllerRuntime"/> with its informers and cache, and the hosted
    /// service that runs it.
    /// </summary>
    public static IServiceCollection AddClusterClient(this IServiceCollection services, ClusterConnection? connection = null, ControllerRuntimeOptions? options = null)
    {
        services.TryAddSingleton(sp => connection ?? ClusterConnection.Discover(
            sp.GetService<IConfiguration>()?["kubeconfig"], sp.GetService<IConfiguration>()?["context"]));
        services.TryAddSingleton(sp => new ClusterClient(sp.GetRequiredService<ClusterConnection>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton(options ?? new ControllerRuntimeOptions());
        services.TryAddSingleton(sp => new ControllerRuntime(
            sp.GetRequiredService<ClusterClient>(),
            sp.GetRequiredService<ControllerRuntimeOptions>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>()?.Create("Cluster.Runtime")));
        services.TryAddSingleton(sp => sp.GetRequiredService<ControllerRuntime>().Cache);
        services.TryAddSingleton(sp => sp.GetRequiredService<ControllerRuntime>().Informers);
        services.AddHostedService<ControllerRuntimeService>();
        return services;
    }

    /// <summary>
    /// Adds a controller of <typeparamref name="T"/> whose reconciler is built from the container (its constructor may
    /// take the <see cref="ClusterClient"/>, <see cref="ClusterCache"/> and anything else registered).
    /// </summary>
    public static IServiceCollection AddController<T, TReconciler>(this IServiceCollection services, Action<ControllerBuilder<T>>? configure = null)
        where T : class, IKind<T>, IKubernetesObject<T>
        where TReconciler : class, IReconciler<T>
    {
        services.AddSingleton(new ControllerRegistration((sp, runtime) =>
        {
            var builder = runtime.For<T>();
            configure?.Invoke(builder);
            builder.Complete(ActivatorUtilities.CreateInstance<TReconciler>(sp));
        }));
        return services;
    }
}
