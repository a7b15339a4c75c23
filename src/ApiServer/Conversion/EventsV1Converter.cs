using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Conversion;

/// <summary>
/// Serves Events stored as core v1 to events.k8s.io/v1 clients, with <see cref="EventConversion"/>. Stateless;
/// share <see cref="Instance"/>.
/// </summary>
public sealed class EventsV1Converter : IVersionConverter
{
    public static EventsV1Converter Instance { get; } = new();

    /// <summary>The version this converter serves: events.k8s.io/v1.</summary>
    public string ServedApiVersion => EventConversion.EventsV1ApiVersion;

    public string StorageApiVersion => EventConversion.CoreV1ApiVersion;

    public JsonObject ToStorage(JsonObject served) => EventConversion.ToCoreV1(served);

    public JsonObject FromStorage(JsonObject stored) => EventConversion.ToEventsV1(stored);
}
