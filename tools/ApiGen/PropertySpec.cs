using System.Text.Json;

namespace Cluster.ApiGen;

/// <summary>One property of a definition, in schema order, with its raw schema.</summary>
internal sealed record PropertySpec(string JsonName, string Description, bool Required, JsonElement Schema);
