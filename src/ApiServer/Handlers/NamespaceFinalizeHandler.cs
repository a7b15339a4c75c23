using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// PUT <c>namespaces/&lt;name&gt;/finalize</c>: replaces <c>spec.finalizers</c> (what the namespace controller does once
/// a terminating namespace is empty); a terminating namespace left with no finalizers is removed.
/// </summary>
public sealed class NamespaceFinalizeHandler(ApiServices api, ObjectUpdater updater, ResponseRenderer render)
{
    public async Task HandleAsync(ApiRequest req)
    {
        if (req.Info.Verb != "update") throw ApiErrors.MethodNotAllowed(req.Info.Verb, new GroupResource("", "namespaces/finalize"));
        var body = await api.Body.ReadObjectAsync(req.Http.Request, req.Aborted);
        var finalizers = body["spec"]?["finalizers"] as JsonArray ?? [];
        var dryRun = req.DryRun;
        var result = await updater.UpdateAsync(new ApiRequest(req.Http, req.Info with { Subresource = "" }, req.Resource, req.User), current =>
        {
            ObjectMeta.Of(current)["resourceVersion"] = ObjectMeta.ResourceVersion(body) is { Length: > 0 } rv ? rv : null;
            if (ObjectMeta.ResourceVersion(current).Length == 0) ObjectMeta.Of(current).Remove("resourceVersion");
            var spec = current["spec"] as JsonObject ?? [];
            spec["finalizers"] = finalizers.DeepClone();
            current["spec"] = spec;
            return ValueTask.FromResult(current);
        }, dryRun);
        await render.ObjectAsync(req, 200, result.Object);
    }
}
