using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Proxy;

/// <summary>A kubelet's refusal (its Status JSON, or any body) as this server's error, with the kubelet's code and message.</summary>
public static class KubeletStatus
{
    public static ApiException ToException(int status, ReadOnlySpan<byte> body)
    {
        var code = status is >= 400 and < 600 ? status : 502;
        try
        {
            if (JsonNode.Parse(body) is JsonObject o && o["message"].AsString() is { } message)
                return new ApiException(code, o["reason"].AsString() ?? Reason(code), message);
        }
        catch (JsonException)
        {
        }
        var text = System.Text.Encoding.UTF8.GetString(body).Trim();
        return new ApiException(code, Reason(code), text.Length > 0 ? text : $"the kubelet answered {status}");
    }

    private static string Reason(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        503 => "ServiceUnavailable",
        _ => "InternalError",
    };
}
