namespace Cluster.ApiServer.Protobuf;

/// <summary>Collects the fields of one message for <see cref="SchemaBuilder"/>; each method adds one field and
/// returns the builder so that a table reads as one chained expression per message.</summary>
internal sealed class MessageBuilder(string name)
{
    private readonly List<FieldDescriptor> fields = [];

    public string Name { get; } = name;

    public IReadOnlyList<FieldDescriptor> Fields => fields;

    public MessageBuilder Str(int number, string json, FieldOptions options = FieldOptions.None) => Add(number, json, FieldKind.String, options);

    public MessageBuilder Bytes(int number, string json, FieldOptions options = FieldOptions.None) => Add(number, json, FieldKind.Bytes, options);

    public MessageBuilder Bool(int number, string json, FieldOptions options = FieldOptions.None) => Add(number, json, FieldKind.Bool, options);

    public MessageBuilder Int32(int number, string json, FieldOptions options = FieldOptions.None) => Add(number, json, FieldKind.Int32, options);

    public MessageBuilder Int64(int number, string json, FieldOptions options = FieldOptions.None) => Add(number, json, FieldKind.Int64, options);

    public MessageBuilder Time(int number, string json, FieldOptions options = FieldOptions.None) => Add(number, json, FieldKind.Time, options);

    public MessageBuilder IntOrString(int number, string json, FieldOptions options = FieldOptions.None) => Add(number, json, FieldKind.IntOrString, options);

    public MessageBuilder Quantity(int number, string json, FieldOptions options = FieldOptions.None) => Add(number, json, FieldKind.Quantity, options);

    public MessageBuilder RawJson(int number, string json, FieldOptions options = FieldOptions.None) => Add(number, json, FieldKind.RawJson, options);

    public MessageBuilder Msg(int number, string json, string messageType, FieldOptions options = FieldOptions.None) =>
        Add(number, json, FieldKind.Message, options, messageType);

    public MessageBuilder Inline(int number, string messageType) => Add(number, "", FieldKind.Inline, FieldOptions.None, messageType);

    private MessageBuilder Add(int number, string json, FieldKind kind, FieldOptions options, string? messageType = null)
    {
        fields.Add(new FieldDescriptor(number, json, kind, options, messageType));
        return this;
    }
}
