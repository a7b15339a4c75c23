using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Cluster.Api;
using Cluster.Api.Serialization;

namespace Cluster.Runtime.Client;

/// <summary>The codec of a generated (or user-defined) kind, through its source-generated <c>JsonTypeInfo</c>.</summary>
public sealed class KindCodec<T> : ObjectCodec<T> where T : class, IKind<T>, IKubernetesObject
{
    public static readonly KindCodec<T> Instance = new(T.JsonTypeInfo);

    private static readonly ObjectCodec<T> Lean =
        ApiJsonContext.WithoutManagedFields.GetTypeInfo(typeof(T)) is JsonTypeInfo<T> lean ? new KindCodec<T>(lean) : Instance;

    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly JsonConverter<T>? _generated; // the models' own converters (Cluster.Api), not a user kind's
    private readonly byte[] _apiVersionMember;
    private readonly byte[] _kindMember;

    private KindCodec(JsonTypeInfo<T> typeInfo)
        : base(T.Info)
    {
        _typeInfo = typeInfo;
        _generated = typeInfo.Converter is JsonConverter<T> converter && converter.GetType().Assembly == typeof(ApiJsonContext).Assembly ? converter : null;
        _apiVersionMember = Encoding.UTF8.GetBytes("\"apiVersion\":\"" + JsonEncodedText.Encode(T.Info.ApiVersion) + "\",");
        _kindMember = Encoding.UTF8.GetBytes("\"kind\":\"" + JsonEncodedText.Encode(T.Info.Kind) + "\",");
    }

    /// <summary>Generated kinds skip managedFields while reading; kinds of other contexts (a user's) keep them.</summary>
    public override ObjectCodec<T> WithoutManagedFields => Lean;

    public override T Read(ref Utf8JsonReader reader)
    {
        if (_generated is not null && reader.TokenType == JsonTokenType.StartObject)
        {
            // JsonSerializer would first step over the whole value to check it is complete; a generated converter reads
            // it in one pass (the reader always holds a whole response or watch event here).
            return _generated.Read(ref reader, typeof(T), _typeInfo.Options) ?? throw new JsonException($"null where a {Kind.Kind} was expected");
        }

        return JsonSerializer.Deserialize(ref reader, _typeInfo) ?? throw new JsonException($"null where a {Kind.Kind} was expected");
    }

    public override byte[] Write(T value)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, T.JsonTypeInfo);
        if (value.ApiVersion is not null && value.Kind is not null) return json;
        var prefix = (value.ApiVersion is null ? _apiVersionMember.Length : 0) + (value.Kind is null ? _kindMember.Length : 0);
        var empty = json.Length == 2; // "{}": the members go in without their trailing comma
        var result = new byte[json.Length + prefix - (empty ? 1 : 0)];
        result[0] = (byte)'{';
        var at = 1;
        if (value.ApiVersion is null) at += Copy(_apiVersionMember, result, at);
        if (value.Kind is null) at += Copy(_kindMember, result, at);
        if (empty) at--;
        json.AsSpan(1).CopyTo(result.AsSpan(at));
        return result;
    }

    private static int Copy(byte[] from, byte[] to, int at)
    {
        from.CopyTo(to, at);
        return from.Length;
    }
}
