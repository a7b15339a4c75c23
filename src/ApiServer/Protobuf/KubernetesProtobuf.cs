using System.Text.Json.Nodes;
using Cluster.ApiServer.Protobuf.Schema;

namespace Cluster.ApiServer.Protobuf;

/// <summary>Decodes request bodies sent as <c>application/vnd.kubernetes.protobuf</c> (what <c>kubectl create
/// &lt;generator&gt;</c> sends, with no JSON fallback) into the JSON object the same request would carry as JSON.
/// A body is the magic <c>k8s\0</c> followed by a runtime.Unknown envelope naming apiVersion and kind and holding the
/// object's message. The result starts with apiVersion and kind, then the object's fields with Kubernetes JSON names,
/// following Go's encoding/json: empty nested messages that were sent stay as <c>{}</c> (Go prints
/// <c>"spec":{}</c>, <c>"status":{}</c>), zero scalars with omitempty, empty maps and lists are left out, and the
/// zero <c>creationTimestamp</c> (Go's <c>null</c>) is left out. Fields unknown to our tables are skipped.
/// Any other problem (no magic, truncated or malformed wire data, a wrong wire type, an unsupported kind) raises
/// <see cref="ProtobufDecodeException"/>; no other exception escapes for any input. Thread-safe.</summary>
public static class KubernetesProtobuf
{
    /// <summary>The media type of Kubernetes protobuf bodies.</summary>
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly ProtobufSchema Schema = BuiltInSchema.Build();
    private static readonly MessageDecoder Decoder = new(Schema);

    /// <summary>The four bytes every Kubernetes protobuf body starts with: <c>k8s\0</c>.</summary>
    public static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>The (apiVersion, kind) pairs <see cref="Decode"/> accepts, e.g. ("apps/v1", "Deployment").</summary>
    public static IReadOnlyList<(string ApiVersion, string Kind)> SupportedKinds => Schema.Kinds;

    /// <summary>Whether a body of this apiVersion and kind can be decoded.</summary>
    public static bool IsSupported(string apiVersion, string kind) => Schema.TryGetKind(apiVersion, kind, out _);

    /// <summary>Whether a body starts with the protobuf magic (a cheap sniff; it does not validate the rest).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> body) => body.StartsWith(Magic);

    /// <summary>Decodes one protobuf body into a new JSON object (see the type's contract).</summary>
    /// <exception cref="ProtobufDecodeException">The body is not a well-formed protobuf object of a supported kind.</exception>
    public static JsonObject Decode(ReadOnlySpan<byte> body) => Decoder.DecodeEnvelope(body, 0);
}
