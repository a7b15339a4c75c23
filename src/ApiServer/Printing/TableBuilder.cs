using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// Assembles a meta.k8s.io/v1 Table from objects and a printer. <c>includeObject</c> is the request's
/// includeObject parameter: "Metadata" (also when null or empty) puts a PartialObjectMetadata carrying the full
/// metadata in each row, "Object" a copy of the whole object, "None" nothing; any other value throws
/// <see cref="ArgumentException"/> (the caller answers 400). Without column definitions (watch events after the
/// first) <c>columnDefinitions</c> is an empty array. List metadata carries only the values given.
/// The input objects are never modified.
/// </summary>
public static class TableBuilder
{
    public const string IncludeMetadata = "Metadata";
    public const string IncludeObject = "Object";
    public const string IncludeNone = "None";

    /// <summary>Whether <paramref name="includeObject"/> is a value the includeObject parameter accepts.</summary>
    public static bool IsValidIncludeObject(string? includeObject) =>
        string.IsNullOrEmpty(includeObject) || includeObject is IncludeMetadata or IncludeObject or IncludeNone;

    public static JsonObject Build(
        ITablePrinter printer,
        IEnumerable<JsonObject> objects,
        DateTimeOffset now,
        string includeObject,
        bool includeColumnDefinitions,
        string? resourceVersion,
        string? continueToken,
        long? remainingItemCount)
    {
        if (!IsValidIncludeObject(includeObject))
        {
            throw new ArgumentException(
                $"includeObject must be one of {IncludeMetadata}, {IncludeObject} or {IncludeNone}, not '{includeObject}'",
                nameof(includeObject));
        }

        var metadata = new JsonObject();
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            metadata["resourceVersion"] = resourceVersion;
        }
        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }
        if (remainingItemCount is { } remaining)
        {
            metadata["remainingItemCount"] = remaining;
        }

        var columns = new JsonArray();
        if (includeColumnDefinitions)
        {
            foreach (var column in printer.Columns)
            {
                columns.Add(column.ToJson());
            }
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            rows.Add(Row(printer, obj, now, includeObject));
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    private static JsonObject Row(ITablePrinter printer, JsonObject obj, DateTimeOffset now, string includeObject)
    {
        var cells = printer.Cells(obj, now);
        if (cells.Count != printer.Columns.Count)
        {
            throw new InvalidOperationException(
                $"printer {printer.GetType().Name} produced {cells.Count} cells for {printer.Columns.Count} columns");
        }
        var row = new JsonObject { ["cells"] = cells };
        switch (includeObject)
        {
            case IncludeObject:
                row["object"] = obj.DeepClone();
                break;
            case IncludeNone:
                break;
            default:
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
                };
                break;
        }
        return row;
    }
}
