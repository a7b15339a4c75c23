using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// One column definition of a meta.k8s.io/v1 Table. <see cref="Type"/> is one of string, integer, number,
/// boolean or date (informational for clients); <see cref="Format"/> is "name" for the column holding the
/// object's name and otherwise usually empty; columns with <see cref="Priority"/> above 0 are shown by
/// kubectl only with <c>-o wide</c>.
/// </summary>
public sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority)
{
    /// <summary>The column as the API serializes it: every field present, format as "" when empty.</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Priority,
    };
}
