using System.Text.Json.Nodes;

namespace Cluster.Api.Tests.Models;

/// <summary>One object from tests/Corpus/manifests: its file (relative to manifests/), document index and JSON form.</summary>
public sealed record CorpusObject(string File, int Document, JsonObject Json)
{
    public string? ApiVersion => (string?)Json["apiVersion"];

    public string? Kind => (string?)Json["kind"];

    public string? Name => (string?)Json["metadata"]?["name"];

    public override string ToString() => $"{File}#{Document} {ApiVersion} {Kind} {Name}";
}
