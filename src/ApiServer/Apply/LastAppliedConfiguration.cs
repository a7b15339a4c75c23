using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// The API server's special handling of kubectl's client-side apply annotation when the manager is
/// <c>kubectl</c>, which lets <c>kubectl apply --server-side</c> take over objects that were client-side applied:
/// conflicts on fields whose live value still equals the annotation's are forced, and after an apply the
/// annotation (if the object keeps it) is rewritten to the applied configuration.
/// </summary>
internal static class LastAppliedConfiguration
{
    public const string Annotation = "kubectl.kubernetes.io/last-applied-configuration";
    public const string KubectlManager = "kubectl";

    private const int TotalAnnotationSizeLimit = 256 * 1024;

    /// <summary>
    /// Fields of the live object's annotation whose live values still match it, or null when there is no usable
    /// annotation (missing, not JSON, another apiVersion).
    /// </summary>
    public static FieldSet? AllowedConflicts(JsonObject live, string apiVersion, FieldContext context)
    {
        if (Read(live) is not { Length: > 0 } text)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(text) is not JsonObject lastApplied
                || lastApplied["apiVersion"] is not JsonValue version
                || version.GetValueKind() != JsonValueKind.String
                || version.GetValue<string>() != apiVersion)
            {
                return null;
            }

            var fields = context.FieldsOf(lastApplied);
            var comparison = ObjectComparer.Compare(lastApplied, FieldManagement.WithoutManagedFields(live), context.Type, context.Defaults);
            return fields.Difference(comparison.Modified).Difference(comparison.Added).Difference(comparison.Removed);
        }
        catch (Exception error) when (error is JsonException or ApplyException)
        {
            return null;
        }
    }

    /// <summary>Rewrites the annotation on <paramref name="result"/> to <paramref name="applied"/>, if the result has a non-empty one.</summary>
    public static void Update(JsonObject result, JsonObject applied)
    {
        if (Read(result) is not { Length: > 0 } || result["metadata"]?["annotations"] is not JsonObject annotations)
        {
            return;
        }

        var copy = (JsonObject)applied.DeepClone();
        (copy["metadata"]?["annotations"] as JsonObject)?.Remove(Annotation);
        annotations[Annotation] = GoJson.Serialize(JsonValues.ToElement(copy)) + "\n";

        var size = annotations.Sum(pair => Encoding.UTF8.GetByteCount(pair.Key)
            + (pair.Value is JsonValue value && value.GetValueKind() == JsonValueKind.String ? Encoding.UTF8.GetByteCount(value.GetValue<string>()) : 0));
        if (size > TotalAnnotationSizeLimit)
        {
            annotations.Remove(Annotation);
        }
    }

    private static string? Read(JsonObject obj) =>
        obj["metadata"]?["annotations"]?[Annotation] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;
}
