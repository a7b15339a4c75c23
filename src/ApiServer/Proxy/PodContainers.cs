using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Proxy;

/// <summary>The container a pods/log, exec or attach request means, chosen and checked as the API server does.</summary>
public static class PodContainers
{
    /// <summary>
    /// The named container (of spec.containers, initContainers or ephemeralContainers); with no name, the pod's only
    /// container. A 400 names the choices when the pod has several, or when the name is unknown.
    /// </summary>
    public static string Choose(JsonObject pod, string podName, string? requested)
    {
        var containers = Names(pod, "spec.containers");
        var init = Names(pod, "spec.initContainers");
        var ephemeral = Names(pod, "spec.ephemeralContainers");
        if (string.IsNullOrEmpty(requested))
        {
            if (containers.Count == 1) return containers[0];
            var message = $"a container name must be specified for pod {podName}, choose one of: [{string.Join(' ', containers)}]";
            if (init.Count > 0) message += $" or one of the init containers: [{string.Join(' ', init)}]";
            if (ephemeral.Count > 0) message += $" or one of the ephemeral containers: [{string.Join(' ', ephemeral)}]";
            throw ApiErrors.BadRequest(message);
        }
        if (containers.Contains(requested) || init.Contains(requested) || ephemeral.Contains(requested)) return requested;
        throw ApiErrors.BadRequest($"container {requested} is not valid for pod {podName}");
    }

    /// <summary>The node the pod runs on; a pod not yet scheduled is a 400.</summary>
    public static string NodeOf(JsonObject pod, string podName) =>
        pod.At("spec.nodeName").AsString() is { Length: > 0 } node ? node : throw ApiErrors.BadRequest($"pod {podName} does not have a host assigned");

    private static List<string> Names(JsonObject pod, string path) =>
        pod.At(path) is JsonArray list ? [.. list.OfType<JsonObject>().Select(c => c["name"].AsString()).OfType<string>()] : [];
}
