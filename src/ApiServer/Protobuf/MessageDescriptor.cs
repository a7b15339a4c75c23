using System.Collections.Frozen;

namespace Cluster.ApiServer.Protobuf;

/// <summary>An immutable description of one protobuf message: its name and its known fields by number.
/// Field numbers not listed are skipped by the decoder.</summary>
internal sealed class MessageDescriptor(string name, FrozenDictionary<int, FieldDescriptor> fields)
{
    public string Name { get; } = name;

    public FrozenDictionary<int, FieldDescriptor> Fields { get; } = fields;
}
