using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.OpenApi;

/// <summary>
/// Adds paths and definitions to the (large) built-in v2 document without parsing it again: the offsets of its
/// top-level <c>paths</c> and <c>definitions</c> objects are found once, and new entries are written right after their
/// opening braces. Immutable once built.
/// </summary>
public sealed class SwaggerSplice
{
    private readonly byte[] _document;
    private readonly int _paths;
    private readonly int _definitions;

    public SwaggerSplice(byte[] document)
    {
        _document = document;
        var reader = new Utf8JsonReader(document);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
            var name = reader.GetString();
            reader.Read();
            if (name == "paths" && reader.TokenType == JsonTokenType.StartObject) _paths = (int)reader.TokenStartIndex + 1;
            else if (name == "definitions" && reader.TokenType == JsonTokenType.StartObject) _definitions = (int)reader.TokenStartIndex + 1;
            reader.Skip();
        }
        if (_paths == 0 || _definitions == 0) throw new InvalidOperationException("the v2 document has no paths or definitions");
    }

    /// <summary>The document with the entries added (both objects of the built-in document are non-empty).</summary>
    public byte[] With(IEnumerable<(string Name, JsonObject Value)> paths, IEnumerable<(string Name, JsonObject Value)> definitions)
    {
        var inserts = new SortedList<int, byte[]> { [_paths] = Entries(paths), [_definitions] = Entries(definitions) };
        using var output = new MemoryStream(_document.Length + inserts.Values.Sum(v => v.Length));
        var at = 0;
        foreach (var (offset, bytes) in inserts)
        {
            output.Write(_document, at, offset - at);
            output.Write(bytes);
            at = offset;
        }
        output.Write(_document, at, _document.Length - at);
        return output.ToArray();
    }

    private static byte[] Entries(IEnumerable<(string Name, JsonObject Value)> entries)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in entries)
            text.Append(JsonValue.Create(name).ToJsonString()).Append(':').Append(value.ToJsonString()).Append(',');
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
