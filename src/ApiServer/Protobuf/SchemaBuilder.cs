using System.Collections.Frozen;

namespace Cluster.ApiServer.Protobuf;

/// <summary>Builds a <see cref="ProtobufSchema"/> from message tables. <see cref="Build"/> checks the tables:
/// unique message names, unique field numbers, every referenced message defined, every top-level kind defined.</summary>
internal sealed class SchemaBuilder
{
    private readonly List<MessageBuilder> messages = [];
    private readonly List<(string ApiVersion, string Kind, string Message)> kinds = [];

    public MessageBuilder Add(string messageName)
    {
        var builder = new MessageBuilder(messageName);
        messages.Add(builder);
        return builder;
    }

    public SchemaBuilder Kind(string apiVersion, string kind, string messageName)
    {
        kinds.Add((apiVersion, kind, messageName));
        return this;
    }

    public ProtobufSchema Build()
    {
        var byName = new Dictionary<string, MessageDescriptor>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var fields = new Dictionary<int, FieldDescriptor>();
            foreach (var field in message.Fields)
            {
                if (field.Number <= 0 || !fields.TryAdd(field.Number, field))
                {
                    throw new InvalidOperationException($"{message.Name}: bad or duplicate field number {field.Number}");
                }
            }

            if (!byName.TryAdd(message.Name, new MessageDescriptor(message.Name, fields.ToFrozenDictionary())))
            {
                throw new InvalidOperationException($"duplicate message {message.Name}");
            }
        }

        foreach (var message in byName.Values)
        {
            foreach (var field in message.Fields.Values)
            {
                if (field.MessageType is { } type && !byName.ContainsKey(type))
                {
                    throw new InvalidOperationException($"{message.Name}.{field.JsonName} refers to undefined message {type}");
                }
            }
        }

        var kindMap = new Dictionary<(string, string), MessageDescriptor>();
        foreach (var (apiVersion, kind, messageName) in kinds)
        {
            if (!byName.TryGetValue(messageName, out var descriptor) || !kindMap.TryAdd((apiVersion, kind), descriptor))
            {
                throw new InvalidOperationException($"kind {apiVersion} {kind}: undefined message or duplicate kind");
            }
        }

        return new ProtobufSchema(byName.ToFrozenDictionary(StringComparer.Ordinal), kindMap.ToFrozenDictionary(), [.. kinds.Select(k => (k.ApiVersion, k.Kind))]);
    }
}
