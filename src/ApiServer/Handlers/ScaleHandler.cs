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
                await render.StatusAsync(req, 200, ToScale(obj, req.Resource.ScalePaths));
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
                    var currentScale = ToScale(current, req.Resource.ScalePaths);
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
            SetReplicas(current, req.Resource.ScalePaths, replicas);
            var pinned = ObjectMeta.ResourceVersion(scale);
            if (pinned.Length > 0) ObjectMeta.Of(current)["resourceVersion"] = pinned;
            else ObjectMeta.Of(current).Remove("resourceVersion");
            return ValueTask.FromResult(current);
        }, dryRun);
        await render.StatusAsync(req, 200, ToScale(result.Object, req.Resource.ScalePaths));
    }

    private static void SetReplicas(JsonObject obj, Registry.ScalePaths? paths, long replicas)
    {
        var segments = Registry.ScalePaths.Segments(paths?.SpecReplicasPath ?? ".spec.replicas");
        var node = obj;
        foreach (var segment in segments[..^1])
        {
            if (node[segment] is not JsonObject child) node[segment] = child = [];
            node = child;
        }
        node[segments[^1]] = replicas;
    }

    private static JsonNode? Read(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var segment in Registry.ScalePaths.Segments(path)) node = node is JsonObject o ? o[segment] : null;
        return node;
    }

    public static JsonObject ToScale(JsonObject obj, Registry.ScalePaths? paths = null)
    {
        if (paths is not null) return CustomScale(obj, paths);
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

    // A custom resource's scale, from its CRD's paths: missing replicas are 0, the selector is already text.
    private static JsonObject CustomScale(JsonObject obj, Registry.ScalePaths paths)
    {
        var scale = ToScale(obj);
        scale["spec"] = new JsonObject { ["replicas"] = Read(obj, paths.SpecReplicasPath).AsLong() ?? 0 };
        scale["status"] = new JsonObject
        {
            ["replicas"] = Read(obj, paths.StatusReplicasPath).AsLong() ?? 0,
            ["selector"] = paths.LabelSelectorPath is { } selectorPath && Read(obj, selectorPath) is JsonValue text && text.TryGetValue<string>(out var selector) ? selector : "",
        };
        return scale;
    }
}
