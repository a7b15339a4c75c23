using System.Globalization;
using System.Text.Json.Nodes;

namespace Cluster.Kubelet.Server.Channels;

/// <summary>
/// What the error channel carries when a remote command ends (v4 and v5): <c>Success</c>, or a <c>Failure</c> with
/// reason <c>NonZeroExitCode</c> and an <c>ExitCode</c> cause (kubectl exits with that code), or a plain failure message.
/// </summary>
public static class ExitStatus
{
    public static JsonObject Success() => new() { ["metadata"] = new JsonObject(), ["status"] = "Success" };

    public static JsonObject NonZero(int exitCode) => new()
    {
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = $"command terminated with non-zero exit code: exit status {exitCode.ToString(CultureInfo.InvariantCulture)}",
        ["reason"] = "NonZeroExitCode",
        ["details"] = new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = exitCode.ToString(CultureInfo.InvariantCulture) }),
        },
    };

    public static JsonObject Error(string message) => new()
    {
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = "InternalError",
        ["code"] = 500,
    };

    /// <summary>The status for a shim's exit frame payload <c>{"exitCode":N}</c>.</summary>
    public static JsonObject FromExitFrame(ReadOnlySpan<byte> payload)
    {
        try
        {
            var code = JsonNode.Parse(payload)?["exitCode"]?.GetValue<int>();
            return code switch
            {
                null => Error("the container runtime reported no exit code"),
                0 => Success(),
                var c => NonZero(c.Value),
            };
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return Error("the container runtime reported an unreadable exit status");
        }
    }
}
