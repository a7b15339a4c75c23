namespace Cluster.Kubelet.Server;

/// <summary>
/// A request the kubelet refuses before streaming starts; answered as a <c>metav1.Status</c> with this code, reason
/// and message (the API server passes it on to kubectl).
/// </summary>
public sealed class StreamingException(int statusCode, string reason, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string Reason { get; } = reason;

    public static StreamingException NotFound(string message) => new(404, "NotFound", message);

    public static StreamingException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>Upstream's refusal to exec into or attach to a container that is not running.</summary>
    public static StreamingException NotRunning(string container) =>
        BadRequest($"container {container} is not running");
}
