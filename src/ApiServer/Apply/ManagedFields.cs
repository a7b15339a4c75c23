using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// Reads and writes <c>metadata.managedFields</c> on a JSON object. Reading validates like the API server's
/// decoder (operation Apply or Update, non-empty apiVersion, fieldsType FieldsV1, decodable fieldsV1); callers
/// decide what an invalid list means (a non-apply write falls back to the stored entries).
/// </summary>
public static class ManagedFields
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>The entries, in stored order; empty when the object has none.</summary>
    /// <exception cref="FormatException">The list or an entry is malformed.</exception>
    public static IReadOnlyList<ManagedFieldsEntry> Read(JsonObject obj)
    {
        var list = RawList(obj);
        if (list is null)
        {
            return [];
        }

        var entries = new List<ManagedFieldsEntry>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            entries.Add(ReadEntry(list[i] as JsonObject ?? throw new FormatException($"managed fields entry {i} is not an object"), i));
        }

        return entries;
    }

    /// <summary>Like <see cref="Read"/>, but reports a malformed list as false instead of throwing.</summary>
    public static bool TryRead(JsonObject obj, out IReadOnlyList<ManagedFieldsEntry> entries)
    {
        try
        {
            entries = Read(obj);
            return true;
        }
        catch (FormatException)
        {
            entries = [];
            return false;
        }
    }

    /// <summary>
    /// Replaces <c>metadata.managedFields</c> with <paramref name="entries"/> in the given order (see
    /// <see cref="Sort"/>); an empty list removes the field, as the API server stores no empty list.
    /// </summary>
    public static void Write(JsonObject obj, IReadOnlyList<ManagedFieldsEntry> entries)
    {
        if (entries.Count == 0)
        {
            (obj["metadata"] as JsonObject)?.Remove("managedFields");
            return;
        }

        if (obj["metadata"] is not JsonObject metadata)
        {
            obj["metadata"] = metadata = new JsonObject();
        }

        var list = new JsonArray();
        foreach (var entry in entries)
        {
            list.Add(ToJson(entry));
        }

        metadata["managedFields"] = list;
    }

    /// <summary>The API server's order: Apply before Update, then by time (seconds), manager, apiVersion, subresource.</summary>
    public static IReadOnlyList<ManagedFieldsEntry> Sort(IReadOnlyCollection<ManagedFieldsEntry> entries) =>
        entries.Count <= 1 ? [.. entries] : [.. entries
            .OrderBy(entry => entry.Operation)
            .ThenBy(entry => entry.Time?.ToUnixTimeSeconds() ?? 0)
            .ThenBy(entry => entry.Manager, Comparer<string>.Create(JsonValues.CompareStrings))
            .ThenBy(entry => entry.ApiVersion, StringComparer.Ordinal)
            .ThenBy(entry => entry.Subresource, StringComparer.Ordinal)];

    public static JsonObject ToJson(ManagedFieldsEntry entry)
    {
        var json = new JsonObject();
        if (entry.Manager.Length > 0)
        {
            json["manager"] = entry.Manager;
        }

        json["operation"] = entry.Operation.ToString();
        if (entry.ApiVersion.Length > 0)
        {
            json["apiVersion"] = entry.ApiVersion;
        }

        if (entry.Time is { } time)
        {
            json["time"] = FormatTime(time);
        }

        json["fieldsType"] = ManagedFieldsEntry.FieldsTypeV1;
        json["fieldsV1"] = entry.Fields.ToFieldsV1();
        if (entry.Subresource.Length > 0)
        {
            json["subresource"] = entry.Subresource;
        }

        return json;
    }

    /// <summary>
    /// Takes <c>metadata.managedFields</c> off <paramref name="obj"/> until the result is disposed, which puts it back
    /// where it was: the object is then as it was before, member order included.
    /// </summary>
    internal static SetAsideManagedFields SetAside(JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        var index = meta?.IndexOf("managedFields") ?? -1;
        if (meta is null || index < 0)
        {
            return default;
        }

        var value = meta[index];
        meta.RemoveAt(index);
        return new SetAsideManagedFields(meta, index, value);
    }

    internal readonly struct SetAsideManagedFields(JsonObject? meta, int index, JsonNode? value) : IDisposable
    {
        public void Dispose() => meta?.Insert(index, "managedFields", value);
    }

    /// <summary>RFC 3339 in UTC to the second, as metav1.Time serializes.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// True when a request asks to clear managed fields: an empty list, or a single entry with nothing set
    /// (<c>[{}]</c>). Absent or null is not a reset.
    /// </summary>
    internal static bool IsResetRequest(JsonObject obj) => RawListOrNull(obj) switch
    {
        JsonArray { Count: 0 } => true,
        JsonArray { Count: 1 } single => single[0] is JsonObject entry && entry.All(pair => IsZero(pair.Value)),
        _ => false,
    };

    private static bool IsZero(JsonNode? value) => value switch
    {
        null => true,
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => scalar.GetValue<string>().Length == 0,
        _ => false,
    };

    private static JsonNode? RawListOrNull(JsonObject obj) => (obj["metadata"] as JsonObject)?["managedFields"];

    private static JsonArray? RawList(JsonObject obj) => RawListOrNull(obj) switch
    {
        null => null,
        JsonArray list => list,
        _ => throw new FormatException("metadata.managedFields is not a list"),
    };

    private static ManagedFieldsEntry ReadEntry(JsonObject json, int index)
    {
        var operation = Text(json, "operation", index) switch
        {
            "Apply" => ManagedFieldsOperation.Apply,
            "Update" => ManagedFieldsOperation.Update,
            _ => throw new FormatException("operation must be `Apply` or `Update`"),
        };
        var apiVersion = Text(json, "apiVersion", index);
        if (apiVersion.Length == 0)
        {
            throw new FormatException("apiVersion must not be empty");
        }

        var fieldsType = Text(json, "fieldsType", index);
        if (fieldsType != ManagedFieldsEntry.FieldsTypeV1)
        {
            throw new FormatException(fieldsType.Length == 0
                ? $"missing fieldsType in managed fields entry {index}"
                : $"invalid fieldsType \"{fieldsType}\" in managed fields entry {index}");
        }

        var fields = json["fieldsV1"] switch
        {
            null => FieldSet.Empty,
            JsonObject raw => FieldSet.FromFieldsV1(raw),
            _ => throw new FormatException($"fieldsV1 of managed fields entry {index} is not an object"),
        };
        var timeText = json["time"] is null ? null : Text(json, "time", index);
        DateTimeOffset? time = null;
        if (!string.IsNullOrEmpty(timeText))
        {
            if (!DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                throw new FormatException($"invalid time \"{timeText}\" in managed fields entry {index}");
            }

            time = parsed;
        }

        return new ManagedFieldsEntry(Text(json, "manager", index), operation, apiVersion, time, fields, Text(json, "subresource", index));
    }

    private static string Text(JsonObject json, string name, int index) => json[name] switch
    {
        null => string.Empty,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw new FormatException($"{name} of managed fields entry {index} is not a string"),
    };
}
