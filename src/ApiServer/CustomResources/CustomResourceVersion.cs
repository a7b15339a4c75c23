using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// What serving one version of a CustomResourceDefinition needs besides the generic
/// <see cref="Registry.ResourceDefinition"/>: the CRD's name, the compiled schema (validation, defaults, pruning),
/// the schema as declared (for the OpenAPI documents) and the storage version. Immutable.
/// </summary>
public sealed record CustomResourceVersion
{
    public CustomResourceVersion(string crdName, ValidationSchema schema, JsonElement declaredSchema, string storageApiVersion)
    {
        CrdName = crdName;
        Schema = schema;
        DeclaredSchema = declaredSchema;
        StorageApiVersion = storageApiVersion;
        // Cached objects are read through the storage version and this version's defaults: a change to either needs a new cache.
        var defaults = schema.HasDefaults ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(declaredSchema.GetRawText())))[..16] : "";
        CacheIdentity = $"{storageApiVersion}|{defaults}";
    }

    /// <summary>The CustomResourceDefinition's name, <c>&lt;plural&gt;.&lt;group&gt;</c>.</summary>
    public string CrdName { get; }

    public ValidationSchema Schema { get; }

    /// <summary>The version's <c>openAPIV3Schema</c> as the CRD declares it (a standalone, immutable element).</summary>
    public JsonElement DeclaredSchema { get; }

    /// <summary>The <c>apiVersion</c> objects are stored in.</summary>
    public string StorageApiVersion { get; }

    /// <summary>Equal for two definitions of the version whose cached objects would be the same.</summary>
    public string CacheIdentity { get; }
}
