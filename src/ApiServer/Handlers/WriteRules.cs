using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>The metadata rules every write follows, whatever the kind (upstream's BeforeCreate/BeforeUpdate).</summary>
public static class WriteRules
{
    private const string NameSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int GeneratedSuffixLength = 5;
    private const int MaxGenerateNameBase = 63 - GeneratedSuffixLength;

    /// <summary>400 unless the body's apiVersion and kind are the ones the URL addresses.</summary>
    public static void CheckTypeMeta(JsonObject obj, ResourceDefinition r)
    {
        var kind = obj["kind"] is JsonValue k && k.TryGetValue<string>(out var ks) ? ks : null;
        var apiVersion = obj["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var avs) ? avs : null;
        if (string.IsNullOrEmpty(kind)) throw ApiErrors.BadRequest("Object 'Kind' is missing in the request body");
        if (string.IsNullOrEmpty(apiVersion)) throw ApiErrors.BadRequest("Object 'apiVersion' is missing in the request body");
        if (apiVersion != r.ApiVersion)
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({r.ApiVersion})");
        if (kind != r.Kind)
            throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({r.Kind})");
        if (obj["metadata"] is not (null or JsonObject)) throw ApiErrors.BadRequest("metadata must be an object");
    }

    /// <summary>Sets the request's namespace on the object; 400 if the body names another one.</summary>
    public static void CheckNamespace(JsonObject obj, ResourceDefinition r, string requestNamespace)
    {
        var meta = ObjectMeta.Of(obj);
        if (meta["namespace"] is not (null or JsonValue)) throw ApiErrors.BadRequest("metadata.namespace must be a string");
        var bodyNamespace = ObjectMeta.Namespace(obj);
        if (!r.Namespaced)
        {
            meta.Remove("namespace");
            return;
        }
        if (bodyNamespace.Length > 0 && bodyNamespace != requestNamespace)
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        meta["namespace"] = requestNamespace;
    }

    /// <summary>Server-set metadata of a new object: name from generateName, uid, creation time, generation.</summary>
    public static void PrepareCreate(JsonObject obj, ResourceDefinition r, DateTimeOffset now)
    {
        var meta = ObjectMeta.Of(obj);
        if (ObjectMeta.ResourceVersion(obj).Length > 0)
            throw ApiErrors.BadRequest("resourceVersion should not be set on objects to be created");
        if (ObjectMeta.Name(obj).Length == 0 && ObjectMeta.GenerateName(obj) is { Length: > 0 } prefix)
            meta["name"] = GenerateName(prefix);
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = ObjectMeta.Timestamp(now);
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta.Remove("selfLink");
        if (r.Strategy.TracksGeneration) meta["generation"] = 1;
        else meta.Remove("generation");
    }

    public static string GenerateName(string prefix)
    {
        if (prefix.Length > MaxGenerateNameBase) prefix = prefix[..MaxGenerateNameBase];
        Span<char> suffix = stackalloc char[GeneratedSuffixLength];
        for (var i = 0; i < suffix.Length; i++) suffix[i] = NameSuffixAlphabet[RandomNumberGenerator.GetInt32(NameSuffixAlphabet.Length)];
        return prefix + new string(suffix);
    }

    /// <summary>
    /// Carries what a client may not change from the stored object to its replacement, and splits spec from status:
    /// a write to the main resource keeps the stored status, a write to <c>/status</c> keeps everything else.
    /// </summary>
    public static JsonObject MergeForUpdate(JsonObject candidate, JsonObject stored, ResourceDefinition r, string subresource)
    {
        JsonObject result;
        if (subresource == "status")
        {
            result = (JsonObject)stored.DeepClone();
            if (candidate["status"] is { } status) result["status"] = status.DeepClone();
            else result.Remove("status");
            return result;
        }

        result = candidate;
        var meta = ObjectMeta.Of(result);
        var old = ObjectMeta.Of(stored);
        foreach (var field in (string[])["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace"])
        {
            if (old[field] is { } value) meta[field] = value.DeepClone();
            else meta.Remove(field);
        }
        meta.Remove("selfLink");
        if (!meta.ContainsKey("managedFields") && old["managedFields"] is { } managed) meta["managedFields"] = managed.DeepClone();
        if (r.HasStatus)
        {
            if (stored["status"] is { } status) result["status"] = status.DeepClone();
            else result.Remove("status");
        }
        return result;
    }

    /// <summary>
    /// Bumps the generation of a defaulted replacement whose spec differs from the stored object's (comparing after
    /// defaulting, so a field the defaults restore is no change). Custom resources without a status subresource count
    /// status as spec, as upstream does.
    /// </summary>
    public static void BumpGeneration(JsonObject updated, JsonObject stored, ResourceDefinition r)
    {
        if (r.Strategy.TracksGeneration && SpecChanged(updated, stored, includeStatus: r.IsCustom && !r.HasStatus))
            ObjectMeta.Of(updated)["generation"] = ObjectMeta.Generation(stored) + 1;
    }

    /// <summary>True if anything outside metadata (and status, unless <paramref name="includeStatus"/>) differs.</summary>
    public static bool SpecChanged(JsonObject a, JsonObject b, bool includeStatus = false)
    {
        foreach (var (key, value) in a)
        {
            if (Ignored(key, includeStatus)) continue;
            if (!JsonNode.DeepEquals(value, b[key])) return true;
        }
        foreach (var (key, _) in b)
        {
            if (Ignored(key, includeStatus)) continue;
            if (!a.ContainsKey(key)) return true;
        }
        return false;
    }

    private static bool Ignored(string key, bool includeStatus) => key is "metadata" or "apiVersion" or "kind" || key == "status" && !includeStatus;
}
