using Cluster.ApiServer.Apply;
using Cluster.ApiServer.Decoding;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Schema;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// Apply patches (<c>application/apply-patch+yaml</c>, YAML or JSON): server-side apply with real field ownership.
/// A missing object is created (201); a field another manager owns with a different value is a 409 listing the
/// conflicts, unless <c>force=true</c> moves it to this manager.
/// </summary>
public sealed class ServerSideApplyHandler(ApiServices api, ObjectUpdater updater, CreateHandler create, ResponseRenderer render)
{
    private const int MaxAttempts = 16;

    public async Task HandleAsync(ApiRequest req, ReadOnlyMemory<byte> body, bool force, bool dryRun)
    {
        var r = req.Resource;
        var manager = req.Query("fieldManager");
        if (string.IsNullOrEmpty(manager))
            throw ApiErrors.Invalid("meta.k8s.io", "PatchOptions", "", [new StatusCause("FieldValueRequired", "Required value: is required for apply patch", "fieldManager")]);
        if (req.Query("force") is { Length: > 0 } f && f is not ("true" or "false"))
            throw ApiErrors.BadRequest($"invalid force value: {f}");

        var applied = YamlBody.ParseObject(body.Span);
        WriteRules.CheckTypeMeta(applied, r);
        var name = ObjectMeta.Name(applied);
        if (name.Length == 0) ObjectMeta.Of(applied)["name"] = req.Name;
        else if (name != req.Name) throw ApiErrors.BadRequest($"the name of the object ({name}) does not match the name on the URL ({req.Name})");
        WriteRules.CheckNamespace(applied, r, req.Namespace);
        FieldValidation.Apply(req, api, applied, []);

        var schema = api.SchemaFor(r) ?? SchemaNode.Unknown;
        var sub = req.Info.Subresource;
        var options = new ApplyOptions
        {
            Manager = manager,
            ApiVersion = r.ApiVersion,
            Now = api.Now,
            Force = force,
            Subresource = sub,
            ResetFields = ManagedFieldsRecorder.ResetFields(r, sub),
            Defaults = api.Schemas.Defaults,
            Kind = r.Kind,
        };

        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var exists = await api.Storage.GetAsync(r, req.Namespace, req.Name, req.Aborted) is not null;
                if (!exists)
                {
                    if (sub.Length > 0) throw ApiErrors.NotFound(req.GroupResource, req.Name);
                    var fresh = ServerSideApply.Apply(null, applied, options, schema);
                    try
                    {
                        var created = await create.CreateAsync(req, fresh, dryRun, trackFields: false);
                        await render.ObjectAsync(req, 201, created);
                        return;
                    }
                    catch (ApiException e) when (e.Reason == "AlreadyExists" && attempt < MaxAttempts)
                    {
                        continue; // created meanwhile: apply to it instead
                    }
                }
                try
                {
                    var result = await updater.UpdateAsync(req, current =>
                    {
                        ObjectMeta.Of(current).Remove("resourceVersion");
                        return ValueTask.FromResult(ServerSideApply.Apply(current, applied, options, schema));
                    }, dryRun, operation: "Apply");
                    await render.UpdatedAsync(req, 200, result);
                    return;
                }
                catch (ApiException e) when (e.Reason == "NotFound" && sub.Length == 0 && attempt < MaxAttempts)
                {
                    // deleted meanwhile: create it
                }
            }
        }
        catch (ApplyConflictException e)
        {
            throw new ApiException(409, "Conflict", e.Message,
                new StatusDetails(req.Name, r.Group, r.Plural, Causes: [.. e.Conflicts.Select(c => new StatusCause("FieldManagerConflict", ConflictMessage(c), c.Field))]));
        }
        catch (ApplyException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }
    }

    private static string ConflictMessage(ApplyConflict conflict) => conflict.ToStatusCause()["message"]?.GetValue<string>() ?? conflict.ManagerDescription;
}
