using System.Text.Json.Nodes;
using Cluster.ApiServer.Decoding;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Patching;
using Cluster.ApiServer.Schema;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// PATCH: JSON patch, merge patch and strategic merge patch are applied to the current object inside an optimistic
/// update (retried if the object changes meanwhile, unless the patch pins a resourceVersion); apply patches go to
/// server-side apply, which also creates a missing object (201).
/// </summary>
public sealed class PatchHandler(ApiServices api, ObjectUpdater updater, ServerSideApplyHandler apply, ResponseRenderer render)
{
    public async Task HandleAsync(ApiRequest req)
    {
        var type = MediaTypes.BaseOf(req.Http.Request.ContentType);
        if (!MediaTypes.PatchTypes.Contains(type)) throw ApiErrors.UnsupportedMediaType(type, MediaTypes.PatchTypes);
        if (req.Resource.IsCustom && type == MediaTypes.StrategicMergePatch)
            throw ApiErrors.UnsupportedMediaType(type, MediaTypes.PatchTypes.Where(t => t != MediaTypes.StrategicMergePatch)); // no patch strategies in a CRD schema
        var force = req.Query("force");
        if (type != MediaTypes.ApplyPatchYaml && !string.IsNullOrEmpty(force))
            throw ApiErrors.Invalid("meta.k8s.io", "PatchOptions", "", [new StatusCause("FieldValueForbidden", "Forbidden: may not be specified for non-apply patch", "force")]);
        var dryRun = req.DryRun;
        var bytes = await api.Body.ReadBytesAsync(req.Http.Request, req.Aborted);

        if (type == MediaTypes.ApplyPatchYaml)
        {
            await apply.HandleAsync(req, bytes, force == "true", dryRun);
            return;
        }

        var patch = JsonBody.Parse(bytes.Span, out var duplicates);
        var result = await updater.UpdateAsync(req, current =>
        {
            var patched = Patch(req, type, current, patch);
            FieldValidation.Apply(req, api, patched, duplicates);
            return ValueTask.FromResult(patched);
        }, dryRun);
        await render.UpdatedAsync(req, 200, result);
    }

    private JsonObject Patch(ApiRequest req, string type, JsonObject current, JsonNode patch)
    {
        // The patch sees the stored version (a JSON patch may test it). A resourceVersion the patch changed is a
        // precondition; the unchanged one is dropped, so that a retry after a conflict patches the newer object.
        var stored = ObjectMeta.Of(current)["resourceVersion"]?.DeepClone();
        try
        {
            JsonNode? patched = type switch
            {
                MediaTypes.JsonPatch => JsonPatch.Apply(current, patch),
                MediaTypes.MergePatch => MergePatch.ApplyToObject(current, patch),
                _ => StrategicMergePatch.Apply(current, patch as JsonObject ?? throw ApiErrors.BadRequest("a strategic merge patch must be a JSON object"), SchemaFor(req)),
            };
            var result = patched as JsonObject ?? throw ApiErrors.BadRequest("the patched object is not a JSON object");
            if (result["metadata"] is JsonObject meta && JsonNode.DeepEquals(meta["resourceVersion"], stored)) meta.Remove("resourceVersion");
            return result;
        }
        catch (PatchException e)
        {
            throw e.Kind switch
            {
                PatchErrorKind.Invalid => new ApiException(422, "Invalid", e.Message, new StatusDetails(req.Name, req.Resource.Group, req.Resource.Kind)),
                PatchErrorKind.TooLarge => new ApiException(413, "RequestEntityTooLarge", e.Message),
                _ => ApiErrors.BadRequest(e.Message),
            };
        }
    }

    private SchemaNode SchemaFor(ApiRequest req) =>
        api.SchemaFor(req.Resource)
        ?? throw ApiErrors.UnsupportedMediaType(MediaTypes.StrategicMergePatch, [MediaTypes.JsonPatch, MediaTypes.MergePatch, MediaTypes.ApplyPatchYaml]);
}
