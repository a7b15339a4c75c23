using System.Collections.Frozen;

namespace Cluster.ApiServer.Protobuf;

/// <summary>An immutable registry of message descriptors and of the top-level kinds, keyed by (apiVersion, kind),
/// that a protobuf envelope may carry. Built once by <see cref="SchemaBuilder"/>; safe to share between threads.</summary>
internal sealed class ProtobufSchema(
    FrozenDictionary<string, MessageDescriptor> messages,
    FrozenDictionary<(string ApiVersion, string Kind), MessageDescriptor> kinds,
    IReadOnlyList<(string ApiVersion, string Kind)> kindList)
{
    public IReadOnlyList<(string ApiVersion, string Kind)> Kinds { get; } = kindList;

    public MessageDescriptor Message(string name) => messages[name];

    public bool TryGetKind(string apiVersion, string kind, out MessageDescriptor descriptor) =>
        kinds.TryGetValue((apiVersion, kind), out descriptor!);
}
