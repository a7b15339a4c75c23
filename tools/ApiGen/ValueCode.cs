namespace Cluster.ApiGen;

/// <summary>
/// C# expressions and statements that read or write one value of a mapped type inside a generated converter.
/// Readers use reader r{depth} and options o{depth} and yield the nullable property type (null for JSON null);
/// writers use writer w{depth} and options o{depth} on a non-null value. Collections nest through static lambdas
/// one depth deeper, so their parameter names never shadow.
/// </summary>
internal static class ValueCode
{
    private const string Helpers = "global::" + ApiSelection.RootNamespace + ".Serialization.ModelJson";
    private const string Reader = "global::System.Text.Json.Utf8JsonReader";
    private const string Options = "global::System.Text.Json.JsonSerializerOptions";

    public static string Read(CsType type, int depth)
    {
        var r = $"ref r{depth}";
        var next = depth + 1;
        return type.Shape switch
        {
            CsTypeShape.Scalar => type.InfoName switch
            {
                "String" => $"{Helpers}.ReadString({r})",
                "Int32" => $"{Helpers}.ReadInt32({r})",
                "Int64" => $"{Helpers}.ReadInt64({r})",
                "Double" => $"{Helpers}.ReadDouble({r})",
                "Boolean" => $"{Helpers}.ReadBoolean({r})",
                "Bytes" => $"{Helpers}.ReadBytes({r})",
                "Time" or "MicroTime" => $"{Helpers}.ReadTime({r})",
                "IntOrString" => $"{Helpers}.ReadIntOrString({r})",
                "Quantity" => $"{Helpers}.ReadQuantity({r})",
                _ => throw new InvalidOperationException($"no reader for {type.InfoName}"),
            },
            CsTypeShape.Json => $"{Helpers}.ReadJson({r})",
            CsTypeShape.Model => $"{Helpers}.ReadModel({r}, o{depth}, {type.Code}.ModelJsonConverter.Instance)",
            CsTypeShape.List => $"{Helpers}.ReadList<{type.Element!.ElementCode}>({r}, o{depth}, {ElementReader(type.Element, next)})",
            CsTypeShape.Map => $"{Helpers}.ReadMap<{type.Element!.ElementCode}>({r}, o{depth}, {ElementReader(type.Element, next)})",
            _ => throw new InvalidOperationException($"no reader for {type.Shape}"),
        };
    }

    public static string Write(CsType type, string value, int depth)
    {
        var w = $"w{depth}";
        var next = depth + 1;
        return type.Shape switch
        {
            CsTypeShape.Scalar => type.InfoName switch
            {
                "String" => $"{w}.WriteStringValue({value})",
                "Int32" or "Int64" or "Double" => $"{w}.WriteNumberValue({value})",
                "Boolean" => $"{w}.WriteBooleanValue({value})",
                "Bytes" => $"{w}.WriteBase64StringValue({value}.Span)",
                "Time" => $"{w}.WriteStringValue(global::{ApiSelection.RootNamespace}.Serialization.Rfc3339.Format({value}))",
                "MicroTime" => $"{w}.WriteStringValue(global::{ApiSelection.RootNamespace}.Serialization.Rfc3339.FormatMicro({value}))",
                "IntOrString" => $"{Helpers}.WriteIntOrString({w}, {value})",
                "Quantity" => $"{w}.WriteStringValue({value}.Value)",
                _ => throw new InvalidOperationException($"no writer for {type.InfoName}"),
            },
            CsTypeShape.Json => $"{value}.WriteTo({w}, o{depth})",
            CsTypeShape.Model => $"{type.Code}.ModelJsonConverter.Instance.Write({w}, {value}, o{depth})",
            CsTypeShape.List => $"{Helpers}.WriteList<{type.Element!.ElementCode}>({w}, {value}, o{depth}, {ElementWriter(type.Element, next)})",
            CsTypeShape.Map => $"{Helpers}.WriteMap<{type.Element!.ElementCode}>({w}, {value}, o{depth}, {ElementWriter(type.Element, next)})",
            _ => throw new InvalidOperationException($"no writer for {type.Shape}"),
        };
    }

    private static string ElementReader(CsType element, int depth)
    {
        var read = Read(element, depth);
        var body = element.IsValueType ? $"{Helpers}.NotNull({read})" : element.Shape == CsTypeShape.Json ? read : read + "!";
        return $"static (ref {Reader} r{depth}, {Options} o{depth}) => {body}";
    }

    // The collection helpers call element writers for non-null items only, hence the null-forgiving operator.
    private static string ElementWriter(CsType element, int depth) =>
        $"static (w{depth}, v{depth}, o{depth}) => {Write(element, element.IsValueType ? $"v{depth}" : $"v{depth}!", depth)}";
}
