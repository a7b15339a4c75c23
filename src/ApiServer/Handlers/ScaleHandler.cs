using System.Text.Json.Nodes;
using Cluster.Api.Selectors;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Patching;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// The <c>/scale</c> subresource: the parent's <c>spec.replicas</c> as an autoscaling/v1 <c>Scale</c>, with the
/// parent's resourceVersion. A write changes only <c>spec.replicas</c> (a stale resourceVersion in the Scale is 409).
/// </summary>
public sealed class ScaleHandler(ApiServices api, ObjectUpdater updater, ResponseRenderer render)
{
    public async Task HandleAsync(ApiRequest req)
    {
        switch (req.Info.Verb)
        {
            case "get":
                var obj = await api.Storage.GetAsync(req.Resource, req.Namespace, req.Name, req.Aborted)
                    ?? throw ApiErrors.NotFound(req.GroupResource, req.Name);
                await render.StatusAsync(req, 200, ToScale(obj));
                return;
            case "update":
                var scale = await api.Body.ReadObjectAsync(req.Http.Request, req.Aborted);
                await WriteAsync(req, _ => scale);
                return;
            case "patch":
                var type = MediaTypes.BaseOf(req.Http.Request.ContentType);
                if (type is not (MediaTypes.MergePatch or MediaTypes.JsonPatch or MediaTypes.StrategicMergePatch))
                    throw ApiErrors.UnsupportedMediaType(type, [MediaTypes.JsonPatch, MediaTypes.MergePatch, MediaTypes.StrategicMergePatch]);
                var patch = RequestBody.ParseJson((await api.Body.ReadBytesAsync(req.Http.Request, req.Aborted)).Span);
                await WriteAsync(req, current =>
                {
                    var currentScale = ToScale(current);
                    ObjectMeta.Of(currentScale).Remove("resourceVersion");
                    try
                    {
                        return (type == MediaTypes.JsonPatch ? JsonPatch.Apply(currentScale, patch) : MergePatch.ApplyToObject(currentScale, patch)) as JsonObject
                            ?? throw ApiErrors.BadRequest("the patched Scale is not an object");
                    }
                    catch (PatchException e)
                    {
                        throw ApiErrors.BadRequest(e.Message);
                    }
                });
                return;
            default:
                throw ApiErrors.MethodNotAllowed(req.Info.Verb, new GroupResource(req.Resource.Group, req.Resource.Plural + "/scale"));
        }
    }

    private async Task WriteAsync(ApiRequest req, Func<JsonObject, JsonObject> scaleOf)
    {
        var dryRun = req.DryRun;
        var mainRequest = new ApiRequest(req.Http, req.Info with { Subresource = "" }, req.Resource, req.User);
        var result = await updater.UpdateAsync(mainRequest, current =>
        {
            var scale = scaleOf((JsonObject)current.DeepClone());
            if (scale["spec"]?["replicas"] is not JsonValue replicasNode || replicasNode.AsLong() is not { } replicas)
                throw ApiErrors.Invalid("autoscaling", "Scale", req.Name, [new StatusCause("FieldValueRequired", "Required value", "spec.replicas")]);
            if (replicas < 0)
                throw ApiErrors.Invalid("autoscaling", "Scale", req.Name, [new StatusCause("FieldValueInvalid", $"Invalid value: {replicas}: must be greater than or equal to 0", "spec.replicas")]);
            var spec = current["spec"] as JsonObject ?? [];
            spec["replicas"] = replicas;
            current["spec"] = spec;
            var pinned = ObjectMeta.ResourceVersion(scale);
            if (pinned.Length > 0) ObjectMeta.Of(current)["resourceVersion"] = pinned;
            else ObjectMeta.Of(current).Remove("resourceVersion");
            return ValueTask.FromResult(current);
        }, dryRun);
        await render.StatusAsync(req, 200, ToScale(result.Object));
    }

    public static JsonObject ToScale(JsonObject obj)
    {
        var meta = ObjectMeta.Of(obj);
        var scaleMeta = new JsonObject();
        foreach (var field in (string[])["name", "namespace", "uid", "resourceVersion", "creationTimestamp"])
        {
            if (meta[field] is { } v) scaleMeta[field] = v.DeepClone();
        }
        var selector = obj["spec"]?["selector"] is JsonObject s ? LabelSelector.FromJson(s).ToString() : "";
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = obj["spec"]?["replicas"].AsLong() ?? 1 },
            ["status"] = new JsonObject { ["replicas"] = obj["status"]?["replicas"].AsLong() ?? 0, ["selector"] = selector },
        };
    }
}
