using Cluster.Controllers.Deployments;
using Cluster.Controllers.Endpoints;
using Cluster.Controllers.EndpointSlices;
using Cluster.Controllers.GarbageCollection;
using Cluster.Controllers.Namespaces;
using Cluster.Controllers.NodeIpam;
using Cluster.Controllers.NodeLifecycle;
using Cluster.Controllers.ReplicaSets;
using Cluster.Controllers.RootCa;
using Cluster.Controllers.ServiceAccounts;
using Cluster.Runtime.Builder;

namespace Cluster.Controllers;

/// <summary>
/// The controllers <c>cluster controller-manager</c> (and <c>cluster server</c>) runs, each declared on the shared
/// <see cref="ControllerRuntime"/> exactly as a third-party controller would be: no back doors into the store.
/// </summary>
public static class BuiltInControllers
{
    /// <summary>Names as upstream's <c>--controllers</c> flag spells them.</summary>
    public static readonly IReadOnlyList<string> Names = ["deployment", "endpoints", "endpointslice", "garbagecollector", "namespace", "nodeipam", "nodelifecycle", "replicaset", "root-ca-cert-publisher", "serviceaccount"];

    /// <summary>Declares every enabled controller on the context's runtime.</summary>
    public static void Register(ControllerContext context)
    {
        if (context.Options.IsEnabled("deployment")) DeploymentController.Register(context);
        if (context.Options.IsEnabled("endpoints")) EndpointsController.Register(context);
        if (context.Options.IsEnabled("endpointslice")) EndpointSliceController.Register(context);
        if (context.Options.IsEnabled("garbagecollector")) GarbageCollector.Register(context);
        if (context.Options.IsEnabled("namespace")) NamespaceController.Register(context);
        if (context.Options.IsEnabled(NodeIpamController.Name)) NodeIpamController.Register(context);
        if (context.Options.IsEnabled("nodelifecycle")) NodeLifecycleController.Register(context);
        if (context.Options.IsEnabled("replicaset")) ReplicaSetController.Register(context);
        if (context.Options.IsEnabled("root-ca-cert-publisher")) RootCaPublisherController.Register(context);
        if (context.Options.IsEnabled("serviceaccount")) ServiceAccountController.Register(context);
    }
}
