using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Api.Serialization;

/// <summary>
/// meta/v1 MicroTime: reads an RFC 3339 string like <see cref="TimeJsonConverter"/> and writes UTC with six
/// fraction digits ("2024-01-02T03:04:05.123456Z"), for MicroTime values serialized outside the generated models
/// (whose converters write MicroTime members the same way).
/// </summary>
public sealed class MicroTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeJsonConverter.ReadRfc3339(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Rfc3339.FormatMicro(value));
}
