using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Protobuf;

/// <summary>Decodes the small apimachinery value messages (Time, IntOrString, Quantity) into the JSON values their
/// Go types marshal to. Unknown fields inside them are skipped; wrong wire types and impossible values throw
/// <see cref="ProtobufDecodeException"/>.</summary>
internal static class WellKnownValues
{
    // Go's time.Time JSON form only covers years 0001..9999 here (DateTimeOffset's range).
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>meta.v1.Time {seconds = 1, nanos = 2}. Returns null for the zero time (Go writes null, we omit it).</summary>
    public static JsonNode? Time(ReadOnlySpan<byte> data, string context, bool keepZero)
    {
        var reader = new ProtoReader(data, context + " (Time)");
        long seconds = 0;
        var nanos = 0;
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            switch (number)
            {
                case 1:
                    Expect(ref reader, number, wire, WireType.Varint);
                    seconds = (long)reader.ReadVarint();
                    break;
                case 2:
                    Expect(ref reader, number, wire, WireType.Varint);
                    nanos = (int)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(number, wire);
                    break;
            }
        }

        if (seconds == 0 && nanos == 0 && !keepZero)
        {
            return null;
        }

        // Go's time.Unix carries whole seconds out of an out-of-range nanos value; JSON keeps whole seconds only.
        var carry = nanos >= 0 ? nanos / 1_000_000_000 : ((nanos + 1) / 1_000_000_000) - 1;
        if (seconds < MinUnixSeconds - carry || seconds > MaxUnixSeconds - carry)
        {
            throw new ProtobufDecodeException($"{context}: time {seconds}s is outside the years 0001..9999");
        }

        var instant = DateTimeOffset.FromUnixTimeSeconds(seconds + carry);
        return JsonValue.Create(instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>intstr.IntOrString {type = 1 (0 int, 1 string), intVal = 2, strVal = 3}.</summary>
    public static JsonNode IntOrString(ReadOnlySpan<byte> data, string context)
    {
        var reader = new ProtoReader(data, context + " (IntOrString)");
        long type = 0;
        var intValue = 0;
        var stringValue = "";
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            switch (number)
            {
                case 1:
                    Expect(ref reader, number, wire, WireType.Varint);
                    type = (long)reader.ReadVarint();
                    break;
                case 2:
                    Expect(ref reader, number, wire, WireType.Varint);
                    intValue = (int)reader.ReadVarint();
                    break;
                case 3:
                    Expect(ref reader, number, wire, WireType.LengthDelimited);
                    stringValue = Utf8(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(number, wire);
                    break;
            }
        }

        return type switch
        {
            0 => JsonValue.Create(intValue),
            1 => JsonValue.Create(stringValue),
            _ => throw new ProtobufDecodeException($"{context}: IntOrString has invalid type {type} (0 = int, 1 = string)"),
        };
    }

    /// <summary>resource.Quantity {string = 1}. An empty quantity is the zero quantity, "0".</summary>
    public static JsonNode Quantity(ReadOnlySpan<byte> data, string context)
    {
        var reader = new ProtoReader(data, context + " (Quantity)");
        var text = "";
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            if (number == 1)
            {
                Expect(ref reader, number, wire, WireType.LengthDelimited);
                text = Utf8(reader.ReadLengthDelimited());
            }
            else
            {
                reader.Skip(number, wire);
            }
        }

        return JsonValue.Create(text.Length == 0 ? "0" : text);
    }

    /// <summary>The raw bytes (field 1) of a runtime.RawExtension or meta.v1.FieldsV1; empty when unset.</summary>
    public static ReadOnlySpan<byte> RawBytes(ReadOnlySpan<byte> data, string context)
    {
        var reader = new ProtoReader(data, context + " (raw)");
        ReadOnlySpan<byte> raw = default;
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            if (number == 1)
            {
                Expect(ref reader, number, wire, WireType.LengthDelimited);
                raw = reader.ReadLengthDelimited();
            }
            else
            {
                reader.Skip(number, wire);
            }
        }

        return raw;
    }

    /// <summary>Text as Go would hold it: invalid UTF-8 becomes U+FFFD when written as JSON.</summary>
    public static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    public static void Expect(ref ProtoReader reader, int number, WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw new ProtobufDecodeException(
                $"{reader.Context}: field {number} has wire type {actual}, expected {expected}");
        }
    }
}
