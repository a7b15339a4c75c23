using System.Text.Json;

namespace Cluster.Api.Serialization;

/// <summary>Reads one JSON value (the reader is on its first token) into a <typeparamref name="T"/>; used by the generated model converters for collection elements.</summary>
internal delegate T JsonValueReader<out T>(ref Utf8JsonReader reader, JsonSerializerOptions options);
