using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Proxy;

/// <summary>
/// Where a node's kubelet answers: its InternalIP (else its Hostname address) from status.addresses, and the port of
/// status.daemonEndpoints.kubeletEndpoint (10250 when unset).
/// </summary>
public readonly record struct KubeletLocation(string Host, int Port)
{
    public const int DefaultPort = 10250;

    public static KubeletLocation Of(JsonObject node, string nodeName)
    {
        var addresses = node.At("status.addresses") as JsonArray ?? [];
        string? Find(string type) => addresses.OfType<JsonObject>().FirstOrDefault(a => a["type"].AsString() == type)?["address"].AsString() is { Length: > 0 } a ? a : null;
        var host = Find("InternalIP") ?? Find("Hostname")
            ?? throw ApiErrors.ServiceUnavailable($"node {nodeName} reports no address its kubelet can be reached at");
        var port = node.At("status.daemonEndpoints.kubeletEndpoint.Port").AsLong() is { } p and > 0 and <= 65535 ? (int)p : DefaultPort;
        return new KubeletLocation(host, port);
    }

    /// <summary>The authority for URLs and the Host header (IPv6 literals bracketed).</summary>
    public string Authority => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
