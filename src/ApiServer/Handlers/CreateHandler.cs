using System.Text.Json.Nodes;
using Cluster.ApiServer.Admission;
using Cluster.ApiServer.Decoding;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>POST on a collection: a new object with server-set metadata, defaulted and validated; 201 with the stored object.</summary>
public sealed class CreateHandler(ApiServices api, ManagedFieldsRecorder fields, ResponseRenderer render, CreateAdmission admission)
{
    private const int MaxAllocationAttempts = 8;

    public async Task HandleAsync(ApiRequest req)
    {
        var r = req.Resource;
        var (obj, duplicates) = await api.Body.ReadBodyObjectAsync(req.Http.Request, req.Aborted);
        var dryRun = req.DryRun;
        WriteRules.CheckTypeMeta(obj, r);
        FieldValidation.Apply(req, api, obj, duplicates);
        WriteRules.CheckNamespace(obj, r, req.Namespace);
        var (created, revision, servedJson) = await CreateStoredAsync(req, obj, dryRun, trackFields: true);
        if (servedJson is null) await render.ObjectAsync(req, 201, created);
        else await render.StoredObjectAsync(req, 201, created, servedJson, revision);
    }

    /// <summary>
    /// Creates <paramref name="obj"/> (already type-checked and namespaced); shared with create-on-apply, whose
    /// managed fields server-side apply has already set (<paramref name="trackFields"/> false).
    /// </summary>
    public async Task<JsonObject> CreateAsync(ApiRequest req, JsonObject obj, bool dryRun, bool trackFields = true) =>
        (await CreateStoredAsync(req, obj, dryRun, trackFields)).Created;

    /// <summary><see cref="CreateAsync"/>, with the stored bytes when they are the object's JSON as served (see <see cref="ObjectStorage.CreateStoredAsync"/>).</summary>
    private async Task<(JsonObject Created, long Revision, byte[]? ServedJson)> CreateStoredAsync(ApiRequest req, JsonObject obj, bool dryRun, bool trackFields)
    {
        var r = req.Resource;
        if (r.Terminating) throw ApiErrors.MethodNotAllowed("create", req.GroupResource); // its definition is being deleted
        await NamespaceGuard.EnsureWritableAsync(api, r, req.Namespace, req.Aborted);
        var now = api.Now;
        WriteRules.PrepareCreate(obj, r, now);
        if (r.HasStatus && r.Strategy.ResetsStatusOnCreate) obj.Remove("status");
        r.Strategy.PrepareForCreate(obj);
        r.Strategy.Default(obj);
        await admission.AdmitAsync(r, obj, req.Aborted);
        Validation.ValidateCreate(r, obj);
        if (trackFields) obj = fields.Record(req, null, obj, "");
        var allocator = api.Allocators.Of(r);
        for (var attempt = 1; ; attempt++)
        {
            var candidate = obj;
            if (allocator is not null)
            {
                candidate = (JsonObject)obj.DeepClone(); // each attempt allocates afresh from what the client sent
                await allocator.AllocateAsync(candidate, null, dryRun, req.Aborted);
            }

            if (dryRun) return (candidate, 0, null);
            try
            {
                var (rv, servedJson) = await api.Storage.CreateStoredAsync(r, candidate, req.Aborted);
                ObjectMeta.SetResourceVersion(candidate, rv);
                return (candidate, rv, servedJson);
            }
            catch (ClaimTakenException taken) when (allocator is not null)
            {
                allocator.OnTaken(taken, obj); // a value asked for: 422; one picked here: pick again
                if (attempt >= MaxAllocationAttempts) throw ApiErrors.Conflict(req.GroupResource, ObjectMeta.Name(obj), "the values picked for it were taken meanwhile; try again");
            }
        }
    }
}
