using System.Text.Json.Nodes;
using static Cluster.ApiServer.Conversion.JsonFields;

namespace Cluster.ApiServer.Conversion;

/// <summary>
/// Event between core v1 (the storage version) and events.k8s.io/v1, as upstream converts it: involvedObject is
/// regarding, message is note, source is deprecatedSource, firstTimestamp / lastTimestamp / count are
/// deprecatedFirstTimestamp / deprecatedLastTimestamp / deprecatedCount, reportingComponent is reportingController;
/// metadata, eventTime, series, action, reason, related, reportingInstance and type keep their names. Both
/// directions carry the same information, so round trips are lossless. Fields absent in the source stay absent,
/// JSON null stays null (Go writes unset timestamps as null), fields of the wrong JSON type are dropped, as are
/// fields neither version declares. Properties are written in upstream's struct field order.
/// </summary>
public static class EventConversion
{
    public const string CoreV1ApiVersion = "v1";
    public const string EventsV1ApiVersion = "events.k8s.io/v1";
    public const string Kind = "Event";

    private static readonly (string Core, string Events, Func<JsonNode, JsonNode?> Copy)[] CoreOrder =
    [
        ("metadata", "metadata", CopyObject),
        ("involvedObject", "regarding", CopyReference),
        ("reason", "reason", CopyString),
        ("message", "note", CopyString),
        ("source", "deprecatedSource", CopySource),
        ("firstTimestamp", "deprecatedFirstTimestamp", CopyString),
        ("lastTimestamp", "deprecatedLastTimestamp", CopyString),
        ("count", "deprecatedCount", CopyInt32),
        ("type", "type", CopyString),
        ("eventTime", "eventTime", CopyString),
        ("series", "series", CopySeries),
        ("action", "action", CopyString),
        ("related", "related", CopyReference),
        ("reportingComponent", "reportingController", CopyString),
        ("reportingInstance", "reportingInstance", CopyString),
    ];

    private static readonly string[] EventsOrder =
    [
        "metadata", "eventTime", "series", "reportingController", "reportingInstance", "action", "reason",
        "regarding", "related", "note", "type", "deprecatedSource", "deprecatedFirstTimestamp",
        "deprecatedLastTimestamp", "deprecatedCount",
    ];

    private static readonly string[] ObjectReferenceFields =
        ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"];

    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.Ordinal)
    {
        ["metadata.name"] = "metadata.name",
        ["metadata.namespace"] = "metadata.namespace",
        ["reason"] = "reason",
        ["type"] = "type",
        ["source"] = "source",
        ["reportingController"] = "reportingComponent",
        ["regarding.kind"] = "involvedObject.kind",
        ["regarding.namespace"] = "involvedObject.namespace",
        ["regarding.name"] = "involvedObject.name",
        ["regarding.uid"] = "involvedObject.uid",
        ["regarding.apiVersion"] = "involvedObject.apiVersion",
        ["regarding.resourceVersion"] = "involvedObject.resourceVersion",
        ["regarding.fieldPath"] = "involvedObject.fieldPath",
    };

    /// <summary>Converts a core v1 Event to events.k8s.io/v1.</summary>
    public static JsonObject ToEventsV1(JsonObject coreV1)
    {
        var fields = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (core, events, copy) in CoreOrder)
        {
            if (TryConvert(coreV1, core, copy, out var value)) fields[events] = value;
        }

        var result = new JsonObject { ["apiVersion"] = EventsV1ApiVersion, ["kind"] = Kind };
        foreach (var name in EventsOrder)
        {
            if (fields.TryGetValue(name, out var value)) result[name] = value;
        }

        return result;
    }

    /// <summary>Converts an events.k8s.io/v1 Event to core v1.</summary>
    public static JsonObject ToCoreV1(JsonObject eventsV1)
    {
        var result = new JsonObject { ["apiVersion"] = CoreV1ApiVersion, ["kind"] = Kind };
        foreach (var (core, events, copy) in CoreOrder)
        {
            if (TryConvert(eventsV1, events, copy, out var value)) result[core] = value;
        }

        return result;
    }

    /// <summary>
    /// The core v1 field label for a field selector label of events.k8s.io/v1 Events (e.g. <c>regarding.name</c> is
    /// <c>involvedObject.name</c>), or null for a label upstream does not support ("field label not supported").
    /// </summary>
    public static string? CoreFieldLabel(string eventsV1Label) =>
        FieldLabels.TryGetValue(eventsV1Label, out var label) ? label : null;

    /// <summary>JSON null passes through; a value of the wrong type counts as absent.</summary>
    private static bool TryConvert(JsonObject source, string name, Func<JsonNode, JsonNode?> copy, out JsonNode? value)
    {
        value = null;
        if (!source.TryGetPropertyValue(name, out var node)) return false;
        if (node is null) return true;
        value = copy(node);
        return value is not null;
    }

    private static JsonNode? CopyObject(JsonNode node) => (node as JsonObject)?.DeepClone();

    private static JsonNode? CopyString(JsonNode node) => AsString(node) is { } text ? JsonValue.Create(text) : null;

    private static JsonNode? CopyInt32(JsonNode node) =>
        Integer(node, int.MinValue, int.MaxValue) is { } value ? JsonValue.Create((int)value) : null;

    private static JsonNode? CopyReference(JsonNode node) => node is JsonObject reference ? Strings(reference, ObjectReferenceFields) : null;

    private static JsonNode? CopySource(JsonNode node) => node is JsonObject source ? Strings(source, ["component", "host"]) : null;

    private static JsonNode? CopySeries(JsonNode node)
    {
        if (node is not JsonObject series) return null;
        var result = new JsonObject();
        Put(result, "count", Int32Node(series, "count"));
        Put(result, "lastObservedTime", StringNode(series, "lastObservedTime"));
        return result;
    }

    private static JsonObject Strings(JsonObject source, string[] names)
    {
        var result = new JsonObject();
        foreach (var name in names) Put(result, name, StringNode(source, name));
        return result;
    }
}
