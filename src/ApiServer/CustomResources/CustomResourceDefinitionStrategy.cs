using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// The policy of apiextensions.k8s.io/v1 CustomResourceDefinitions: upstream's defaults (singular, listKind,
/// conversion None), <see cref="CrdValidation"/>, and on create the cleanup finalizer that makes deleting a CRD delete
/// its objects first.
/// </summary>
public sealed class CustomResourceDefinitionStrategy : IResourceStrategy
{
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    public bool TracksGeneration => true;

    public NameRule Names => NameRule.Subdomain;

    public bool ResetsStatusOnCreate => true;

    public void Default(JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec) return;
        if (spec["names"] is JsonObject names && (string?)names["kind"] is { Length: > 0 } kind)
        {
            if (string.IsNullOrEmpty((string?)names["singular"])) names["singular"] = kind.ToLowerInvariant();
            if (string.IsNullOrEmpty((string?)names["listKind"])) names["listKind"] = kind + "List";
        }
        if (spec["conversion"] is not JsonObject) spec["conversion"] = new JsonObject { ["strategy"] = "None" };
        else if (spec["conversion"]!["strategy"] is null) spec["conversion"]!["strategy"] = "None";
        if (spec["versions"] is JsonArray versions)
        {
            foreach (var version in versions.OfType<JsonObject>())
            {
                if (version["additionalPrinterColumns"] is JsonArray columns)
                    foreach (var column in columns.OfType<JsonObject>())
                        if (column["priority"] is null) column["priority"] = 0;
            }
        }
    }

    public void PrepareForCreate(JsonObject obj)
    {
        obj.Remove("status");
        var meta = (JsonObject)(obj["metadata"] ??= new JsonObject());
        if (meta["finalizers"] is not JsonArray finalizers) meta["finalizers"] = finalizers = [];
        if (!finalizers.Any(f => f is JsonValue v && v.TryGetValue<string>(out var s) && s == CleanupFinalizer)) finalizers.Add(CleanupFinalizer);
    }

    public IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(CrdValidation.Validate(obj));

    public IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old) => Causes.Of(CrdValidation.ValidateUpdate(obj, old));
}
