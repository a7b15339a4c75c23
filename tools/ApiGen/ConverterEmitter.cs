using System.Text;

namespace Cluster.ApiGen;

/// <summary>
/// Writes a record's nested JSON converter: Read walks the object's members once (unknown members are skipped,
/// as Kubernetes does without strict field validation; the last of duplicate members wins) and builds the record
/// with an object initializer; Write emits only non-null members. Hand-written converters would be a lot of
/// code, and System.Text.Json's source-generated metadata for these records was most of the Api build time.
/// </summary>
internal static class ConverterEmitter
{
    private const string Json = "global::System.Text.Json";

    public static void Emit(StringBuilder text, Model model)
    {
        var name = model.Definition.Name;
        var properties = model.Properties;
        text.Append('\n')
            .Append("    /// <summary>Reads and writes <see cref=\"").Append(name).Append("\"/> as Kubernetes JSON.</summary>\n")
            .Append("    public sealed class ModelJsonConverter : ").Append(Json).Append(".Serialization.JsonConverter<").Append(name).Append(">\n")
            .Append("    {\n")
            .Append("        public static readonly ModelJsonConverter Instance = new();\n\n")
            .Append("        public override ").Append(name).Append("? Read(ref ").Append(Json).Append(".Utf8JsonReader r0, global::System.Type typeToConvert, ")
            .Append(Json).Append(".JsonSerializerOptions o0)\n")
            .Append("        {\n")
            .Append("            global::").Append(ApiSelection.RootNamespace).Append(".Serialization.ModelJson.ExpectStartObject(ref r0, \"").Append(name).Append("\");\n");
        for (var i = 0; i < properties.Count; i++)
        {
            text.Append("            ").Append(properties[i].Type.PropertyCode).Append(" p").Append(i).Append(" = null;\n");
        }
        text.Append("            while (r0.Read() && r0.TokenType == ").Append(Json).Append(".JsonTokenType.PropertyName)\n")
            .Append("            {\n");
        for (var i = 0; i < properties.Count; i++)
        {
            text.Append("                ").Append(i == 0 ? "if" : "else if").Append(" (r0.ValueTextEquals(").Append(RecordEmitter.Literal(properties[i].Spec.JsonName)).Append("u8))\n")
                .Append("                {\n")
                .Append("                    r0.Read();\n");
            if (name == "ObjectMeta" && properties[i].Spec.JsonName == "managedFields")
            {
                // Caches that drop managedFields (most controllers' informers) skip decoding them: half of a small pod's read time.
                text.Append("                    if (global::").Append(ApiSelection.RootNamespace).Append(".Serialization.ModelJson.SkipsManagedFields(o0)) r0.Skip();\n")
                    .Append("                    else p").Append(i).Append(" = ").Append(ValueCode.Read(properties[i].Type, 0)).Append(";\n");
            }
            else
            {
                text.Append("                    p").Append(i).Append(" = ").Append(ValueCode.Read(properties[i].Type, 0)).Append(";\n");
            }
            text.Append("                }\n");
        }
        text.Append("                else\n")
            .Append("                {\n")
            .Append("                    r0.Read();\n")
            .Append("                    r0.Skip();\n")
            .Append("                }\n")
            .Append("            }\n")
            .Append("            return new ").Append(name).Append('\n')
            .Append("            {\n");
        for (var i = 0; i < properties.Count; i++)
        {
            text.Append("                ").Append(properties[i].Name).Append(" = p").Append(i).Append(",\n");
        }
        text.Append("            };\n")
            .Append("        }\n\n")
            .Append("        public override void Write(").Append(Json).Append(".Utf8JsonWriter w0, ").Append(name).Append(" value, ")
            .Append(Json).Append(".JsonSerializerOptions o0)\n")
            .Append("        {\n")
            .Append("            w0.WriteStartObject();\n");
        for (var i = 0; i < properties.Count; i++)
        {
            text.Append("            if (value.").Append(properties[i].Name).Append(" is { } x").Append(i).Append(")\n")
                .Append("            {\n")
                .Append("                w0.WritePropertyName(").Append(RecordEmitter.Literal(properties[i].Spec.JsonName)).Append("u8);\n")
                .Append("                ").Append(ValueCode.Write(properties[i].Type, "x" + i, 0)).Append(";\n")
                .Append("            }\n");
        }
        text.Append("            w0.WriteEndObject();\n")
            .Append("        }\n")
            .Append("    }\n");
    }
}
