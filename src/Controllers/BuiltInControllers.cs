using Cluster.Controllers.ServiceAccounts;
using Cluster.Runtime.Builder;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers;

/// <summary>
/// The controllers <c>cluster controller-manager</c> (and <c>cluster server</c>) runs, each declared on the shared
/// <see cref="ControllerRuntime"/> exactly as a third-party controller would be: no back doors into the store.
/// </summary>
public static class BuiltInControllers
{
    /// <summary>Names as upstream's <c>--controllers</c> flag spells them.</summary>
    public static readonly IReadOnlyList<string> Names = ["serviceaccount"];

    /// <summary>Declares every enabled controller on <paramref name="runtime"/>.</summary>
    public static void Register(ControllerRuntime runtime, ControllerManagerOptions options, ILoggerFactory loggers)
    {
        if (options.IsEnabled("serviceaccount")) ServiceAccountController.Register(runtime, options, loggers);
    }
}
