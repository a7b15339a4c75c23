using System.Text.Json.Serialization;

namespace Cluster.Store.Bench;

/// <summary>Source-generated JSON for the few strings the results file needs escaped.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class BenchJson : JsonSerializerContext;
