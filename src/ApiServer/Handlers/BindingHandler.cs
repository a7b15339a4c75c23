using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// POST <c>pods/&lt;name&gt;/binding</c>: assigns an unscheduled pod to a node (what the scheduler does), setting
/// <c>spec.nodeName</c>, the PodScheduled condition and the binding's annotations, straight in storage as upstream does
/// (no managed-field entry for the binder). A pod already on a node, or being deleted, or with another uid than the
/// binding's metadata.uid (a precondition), is a 409.
/// </summary>
public sealed class BindingHandler(ApiServices api, ObjectUpdater updater, ResponseRenderer render)
{
    public async Task HandleAsync(ApiRequest req)
    {
        var binding = await api.Body.ReadObjectAsync(req.Http.Request, req.Aborted);
        var kind = binding["kind"].AsString();
        if (kind is not (null or "Binding")) throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind (Binding)");
        var node = binding["target"]?["name"].AsString();
        if (string.IsNullOrEmpty(node))
            throw ApiErrors.Invalid("", "Binding", req.Name, [new StatusCause("FieldValueRequired", "Required value", "target.name")]);
        var targetKind = binding["target"]?["kind"].AsString();
        if (targetKind is not (null or "" or "Node"))
            throw ApiErrors.Invalid("", "Binding", req.Name, [new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{targetKind}\": supported values: \"Node\"", "target.kind")]);
        var bindingName = ObjectMeta.Name(binding);
        if (bindingName.Length > 0 && bindingName != req.Name)
            throw ApiErrors.BadRequest($"the name of the object ({bindingName}) does not match the name on the URL ({req.Name})");

        var uid = ObjectMeta.Uid(binding);
        var annotations = Annotations(binding); // merged into the pod's, as upstream does
        var podRequest = new ApiRequest(req.Http, req.Info with { Subresource = "" }, req.Resource, req.User);
        var dryRun = req.DryRun;
        var now = api.Now;
        await updater.UpdateAsync(podRequest, pod =>
        {
            if (uid.Length > 0 && uid != ObjectMeta.Uid(pod))
                throw ApiErrors.Conflict(req.GroupResource, req.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMeta.Uid(pod)}");
            if (ObjectMeta.IsDeleting(pod))
                throw ApiErrors.Conflict(req.GroupResource, req.Name, $"pod {req.Name} is being deleted, cannot be assigned to a host");
            if (pod.At("spec.nodeName").AsString() is { Length: > 0 } existing)
                throw ApiErrors.Conflict(req.GroupResource, req.Name, $"pod {req.Name} is already assigned to node \"{existing}\"");
            ObjectMeta.Of(pod).Remove("resourceVersion");
            if (annotations is { Count: > 0 })
            {
                var podAnnotations = ObjectMeta.Of(pod)["annotations"] as JsonObject ?? [];
                foreach (var (key, value) in annotations) podAnnotations[key] = value?.DeepClone();
                ObjectMeta.Of(pod)["annotations"] = podAnnotations;
            }
            var spec = pod["spec"] as JsonObject ?? [];
            spec["nodeName"] = node;
            pod["spec"] = spec;
            return ValueTask.FromResult(pod);
        }, dryRun, statusChange: pod => SetScheduled(pod, now), kindRules: false);
        await render.StatusAsync(req, 201, StatusJson.Success());
    }

    private static JsonObject? Annotations(JsonObject binding)
    {
        var annotations = (binding["metadata"] as JsonObject)?["annotations"];
        if (annotations is null) return null;
        if (annotations is not JsonObject map || map.Any(a => a.Value is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String))
            throw ApiErrors.BadRequest("Binding in version \"v1\" cannot be handled as a Binding: metadata.annotations must be a map of strings");
        return map;
    }

    private static void SetScheduled(JsonObject pod, DateTimeOffset now)
    {
        var status = pod["status"] as JsonObject ?? [];
        var conditions = status["conditions"] as JsonArray ?? [];
        var scheduled = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"].AsString() == "PodScheduled");
        if (scheduled is null)
        {
            scheduled = new JsonObject { ["type"] = "PodScheduled" };
            conditions.Add(scheduled);
        }
        scheduled["status"] = "True";
        scheduled["lastProbeTime"] = null;
        scheduled["lastTransitionTime"] = ObjectMeta.Timestamp(now);
        status["conditions"] = conditions;
        pod["status"] = status;
    }
}
