using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Cluster.Kubelet.Server;

/// <summary>Refusals as <c>metav1.Status</c> JSON with a Content-Length (the API server relays them before any upgrade).</summary>
public static class StatusResponse
{
    public static JsonObject Failure(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    public static async Task WriteAsync(HttpContext http, int code, string reason, string message)
    {
        if (http.Response.HasStarted) return;
        var body = System.Text.Encoding.UTF8.GetBytes(Failure(code, reason, message).ToJsonString());
        http.Response.StatusCode = code;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    public static Task WriteAsync(HttpContext http, StreamingException e) => WriteAsync(http, e.StatusCode, e.Reason, e.Message);
}
