namespace Cluster.ApiServer.Protobuf;

/// <summary>One field of a message descriptor: wire field number, JSON property name, value kind and options.
/// <see cref="MessageType"/> names the nested descriptor for <see cref="FieldKind.Message"/> and
/// <see cref="FieldKind.Inline"/> fields and is null otherwise.</summary>
internal sealed record FieldDescriptor(int Number, string JsonName, FieldKind Kind, FieldOptions Options, string? MessageType)
{
    public bool IsRepeated => (Options & FieldOptions.Repeated) != 0;

    public bool IsMap => (Options & FieldOptions.Map) != 0;

    public bool KeepZero => (Options & FieldOptions.KeepZero) != 0;
}
