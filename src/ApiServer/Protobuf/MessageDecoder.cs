using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Protobuf;

/// <summary>Table-driven decoding of one protobuf message into a <see cref="JsonObject"/> with Kubernetes JSON
/// field names. Rules, chosen to match what Go's encoding/json prints for the same object:
/// a nested message present on the wire becomes an object even when empty (Go never omits a struct);
/// a scalar is omitted when zero unless its field keeps zeros (Go pointers and fields without omitempty);
/// the zero Time is omitted (Go prints null); repeated fields and maps absent on the wire are omitted.
/// Later occurrences of a singular field replace earlier ones, messages merge, unknown fields are skipped.</summary>
internal sealed class MessageDecoder(ProtobufSchema schema)
{
    private const int MaxDepth = 64;

    /// <summary>Decodes a whole body: the magic, then runtime.Unknown {typeMeta = 1 {apiVersion = 1, kind = 2},
    /// raw = 2, contentEncoding = 3, contentType = 4}, whose raw bytes are the object's own message.</summary>
    public JsonObject DecodeEnvelope(ReadOnlySpan<byte> body, int depth)
    {
        if (!body.StartsWith(KubernetesProtobuf.Magic))
        {
            throw new ProtobufDecodeException("not a Kubernetes protobuf body: it does not start with the magic bytes 'k8s\\0'");
        }

        var reader = new ProtoReader(body[KubernetesProtobuf.Magic.Length..], "runtime.Unknown");
        string apiVersion = "", kind = "", encoding = "";
        ReadOnlySpan<byte> raw = default;
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            switch (number)
            {
                case 1:
                    WellKnownValues.Expect(ref reader, number, wire, WireType.LengthDelimited);
                    (apiVersion, kind) = ReadTypeMeta(reader.ReadLengthDelimited(), apiVersion, kind);
                    break;
                case 2:
                    WellKnownValues.Expect(ref reader, number, wire, WireType.LengthDelimited);
                    raw = reader.ReadLengthDelimited();
                    break;
                case 3:
                    WellKnownValues.Expect(ref reader, number, wire, WireType.LengthDelimited);
                    encoding = WellKnownValues.Utf8(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(number, wire);
                    break;
            }
        }

        if (encoding.Length != 0)
        {
            throw new ProtobufDecodeException($"unsupported contentEncoding '{encoding}' in the protobuf envelope");
        }

        if (kind.Length == 0)
        {
            throw new ProtobufDecodeException("the protobuf envelope has no kind (typeMeta.kind is empty)");
        }

        if (!schema.TryGetKind(apiVersion, kind, out var descriptor))
        {
            var supported = string.Join(", ", schema.Kinds.Select(k => $"{k.ApiVersion}/{k.Kind}"));
            throw new ProtobufDecodeException(
                $"protobuf bodies of kind '{kind}' in apiVersion '{apiVersion}' are not supported; supported kinds: {supported}");
        }

        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        DecodeInto(raw, descriptor, result, depth + 1);
        return result;
    }

    public void DecodeInto(ReadOnlySpan<byte> data, MessageDescriptor message, JsonObject target, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ProtobufDecodeException($"{message.Name}: messages nested more than {MaxDepth} deep");
        }

        var reader = new ProtoReader(data, message.Name);
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            if (!message.Fields.TryGetValue(number, out var field))
            {
                reader.Skip(number, wire);
                continue;
            }

            if (field.IsMap)
            {
                Expect(ref reader, field, wire, WireType.LengthDelimited);
                DecodeMapEntry(reader.ReadLengthDelimited(), message, field, GetOrAdd(target, field.JsonName, static () => new JsonObject()), depth);
            }
            else if (field.IsRepeated)
            {
                DecodeRepeated(ref reader, message, field, wire, GetOrAdd(target, field.JsonName, static () => new JsonArray()), depth);
            }
            else if (field.Kind is FieldKind.Message or FieldKind.Inline)
            {
                Expect(ref reader, field, wire, WireType.LengthDelimited);
                var nested = field.Kind == FieldKind.Inline ? target : GetOrAdd(target, field.JsonName, static () => new JsonObject());
                DecodeInto(reader.ReadLengthDelimited(), schema.Message(field.MessageType!), nested, depth + 1);
            }
            else
            {
                var value = DecodeValue(ref reader, message, field, wire, field.KeepZero, depth);
                if (value is null)
                {
                    target.Remove(field.JsonName);
                }
                else
                {
                    target[field.JsonName] = value;
                }
            }
        }
    }

    private void DecodeRepeated(ref ProtoReader reader, MessageDescriptor message, FieldDescriptor field, WireType wire, JsonArray array, int depth)
    {
        if (field.Kind is FieldKind.Bool or FieldKind.Int32 or FieldKind.Int64 && wire == WireType.LengthDelimited)
        {
            var packed = new ProtoReader(reader.ReadLengthDelimited(), message.Name + "." + field.JsonName);
            while (!packed.End)
            {
                array.Add(DecodeValue(ref packed, message, field, WireType.Varint, keepZero: true, depth));
            }

            return;
        }

        if (field.Kind == FieldKind.Message)
        {
            Expect(ref reader, field, wire, WireType.LengthDelimited);
            var element = new JsonObject();
            DecodeInto(reader.ReadLengthDelimited(), schema.Message(field.MessageType!), element, depth + 1);
            array.Add(element);
            return;
        }

        array.Add(DecodeValue(ref reader, message, field, wire, keepZero: true, depth));
    }

    private void DecodeMapEntry(ReadOnlySpan<byte> entry, MessageDescriptor message, FieldDescriptor field, JsonObject map, int depth)
    {
        var reader = new ProtoReader(entry, $"{message.Name}.{field.JsonName} entry");
        var key = "";
        JsonNode? value = null;
        var hasValue = false;
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            if (number == 1)
            {
                Expect(ref reader, field, wire, WireType.LengthDelimited);
                key = WellKnownValues.Utf8(reader.ReadLengthDelimited());
            }
            else if (number == 2)
            {
                if (field.Kind == FieldKind.Message)
                {
                    Expect(ref reader, field, wire, WireType.LengthDelimited);
                    var element = new JsonObject();
                    DecodeInto(reader.ReadLengthDelimited(), schema.Message(field.MessageType!), element, depth + 1);
                    value = element;
                }
                else
                {
                    value = DecodeValue(ref reader, message, field, wire, keepZero: true, depth);
                }

                hasValue = true;
            }
            else
            {
                reader.Skip(number, wire);
            }
        }

        map[key] = hasValue ? value : ZeroValue(field.Kind);
    }

    private JsonNode? DecodeValue(ref ProtoReader reader, MessageDescriptor message, FieldDescriptor field, WireType wire, bool keepZero, int depth)
    {
        var context = message.Name + "." + field.JsonName;
        switch (field.Kind)
        {
            case FieldKind.String:
            {
                Expect(ref reader, field, wire, WireType.LengthDelimited);
                var text = WellKnownValues.Utf8(reader.ReadLengthDelimited());
                return text.Length == 0 && !keepZero ? null : JsonValue.Create(text);
            }

            case FieldKind.Bytes:
            {
                Expect(ref reader, field, wire, WireType.LengthDelimited);
                var bytes = reader.ReadLengthDelimited();
                return bytes.IsEmpty && !keepZero ? null : JsonValue.Create(Convert.ToBase64String(bytes));
            }

            case FieldKind.Bool:
            {
                Expect(ref reader, field, wire, WireType.Varint);
                var flag = reader.ReadVarint() != 0;
                return !flag && !keepZero ? null : JsonValue.Create(flag);
            }

            case FieldKind.Int32:
            {
                Expect(ref reader, field, wire, WireType.Varint);
                var number = unchecked((int)reader.ReadVarint());
                return number == 0 && !keepZero ? null : JsonValue.Create(number);
            }

            case FieldKind.Int64:
            {
                Expect(ref reader, field, wire, WireType.Varint);
                var number = unchecked((long)reader.ReadVarint());
                return number == 0 && !keepZero ? null : JsonValue.Create(number);
            }

            case FieldKind.Time:
                Expect(ref reader, field, wire, WireType.LengthDelimited);
                return WellKnownValues.Time(reader.ReadLengthDelimited(), context, keepZero);

            case FieldKind.IntOrString:
                Expect(ref reader, field, wire, WireType.LengthDelimited);
                return WellKnownValues.IntOrString(reader.ReadLengthDelimited(), context);

            case FieldKind.Quantity:
                Expect(ref reader, field, wire, WireType.LengthDelimited);
                return WellKnownValues.Quantity(reader.ReadLengthDelimited(), context);

            case FieldKind.RawJson:
                Expect(ref reader, field, wire, WireType.LengthDelimited);
                return RawJson(WellKnownValues.RawBytes(reader.ReadLengthDelimited(), context), context, depth);

            default:
                throw new ProtobufDecodeException($"{context}: unsupported field kind {field.Kind}");
        }
    }

    private JsonNode? RawJson(ReadOnlySpan<byte> raw, string context, int depth)
    {
        if (raw.IsEmpty)
        {
            return null;
        }

        if (raw.StartsWith(KubernetesProtobuf.Magic))
        {
            if (depth >= MaxDepth)
            {
                throw new ProtobufDecodeException($"{context}: embedded objects nested more than {MaxDepth} deep");
            }

            return DecodeEnvelope(raw, depth + 1);
        }

        return RawJsonConverter.Parse(raw, context);
    }

    private static (string ApiVersion, string Kind) ReadTypeMeta(ReadOnlySpan<byte> data, string apiVersion, string kind)
    {
        var reader = new ProtoReader(data, "runtime.TypeMeta");
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            if (number is 1 or 2)
            {
                WellKnownValues.Expect(ref reader, number, wire, WireType.LengthDelimited);
                var text = WellKnownValues.Utf8(reader.ReadLengthDelimited());
                (apiVersion, kind) = number == 1 ? (text, kind) : (apiVersion, text);
            }
            else
            {
                reader.Skip(number, wire);
            }
        }

        return (apiVersion, kind);
    }

    private static JsonNode? ZeroValue(FieldKind kind) => kind switch
    {
        FieldKind.String or FieldKind.Bytes => JsonValue.Create(""),
        FieldKind.Bool => JsonValue.Create(false),
        FieldKind.Int32 or FieldKind.Int64 => JsonValue.Create(0),
        FieldKind.Quantity => JsonValue.Create("0"),
        FieldKind.IntOrString => JsonValue.Create(0),
        _ => null,
    };

    private static T GetOrAdd<T>(JsonObject target, string name, Func<T> create)
        where T : JsonNode
    {
        if (target[name] is T existing)
        {
            return existing;
        }

        var created = create();
        target[name] = created;
        return created;
    }

    private static void Expect(ref ProtoReader reader, FieldDescriptor field, WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw new ProtobufDecodeException(
                $"{reader.Context}: field {field.Number} ({field.JsonName}) has wire type {actual}, expected {expected}");
        }
    }
}
