using System.Text.Json;
using Cluster.Shim.Native;

namespace Cluster.Shim.Runc;

/// <summary>What runc said when it failed: its JSON log (<c>--log-format json</c>) or, failing that, its stderr.</summary>
internal static class RuncLog
{
    /// <summary>The msg of the last <c>"level":"error"</c> line of a runc JSON log; null if there is none.</summary>
    public static string? LastError(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return null;
        }
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            try
            {
                using var line = JsonDocument.Parse(lines[i]);
                if (line.RootElement.ValueKind == JsonValueKind.Object &&
                    line.RootElement.TryGetProperty("level", out var level) && level.ValueKind == JsonValueKind.String && level.GetString() == "error" &&
                    line.RootElement.TryGetProperty("msg", out var msg) && msg.ValueKind == JsonValueKind.String)
                    return msg.GetString();
            }
            catch (JsonException)
            {
                // Not a JSON line (runc may print plain text before its logger is set up).
            }
        }
        return null;
    }

    /// <summary>Reads what a pipe holds until end of file or until nothing more arrives within
    /// <paramref name="quietMs"/>, at most 64 KiB; for collecting a failed runc's stderr.</summary>
    public static string Drain(int fd, int quietMs)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (length < buffer.Length && Fd.WaitReadable(fd, quietMs))
        {
            var n = Fd.Read(fd, buffer.AsSpan(length));
            if (n == 0) break;
            length += n;
        }
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>Folds a message onto one line (the kubelet reads exactly one line).</summary>
    public static string OneLine(string message)
    {
        var line = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length == 0 ? "runc failed without a message" : line;
    }
}
