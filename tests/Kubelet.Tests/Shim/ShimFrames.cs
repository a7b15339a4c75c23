using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Cluster.Kubelet.Tests.Shim;

/// <summary>
/// The shim's framing written down independently of the shim (a contract check): <c>[type:1][length:4 BE][payload]</c>.
/// </summary>
public static class ShimFrames
{
    public const byte Stdin = 0, Stdout = 1, Stderr = 2, Exit = 3, Resize = 4, StdinClose = 5;

    public static async Task WriteAsync(Stream stream, byte type, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = type;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame, 5);
        await stream.WriteAsync(frame);
        await stream.FlushAsync();
    }

    public static Task WriteAsync(Stream stream, byte type, string payload) => WriteAsync(stream, type, Encoding.UTF8.GetBytes(payload));

    /// <summary>The next frame, or null at end of stream.</summary>
    public static async Task<(byte Type, byte[] Payload)?> ReadAsync(Stream stream)
    {
        var header = new byte[5];
        if (!await ReadExactlyOrEndAsync(stream, header)) return null;
        var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1))];
        if (!await ReadExactlyOrEndAsync(stream, payload)) throw new EndOfStreamException("a frame was cut short");
        return (header[0], payload);
    }

    /// <summary>Reads frames until the exit frame: the stdout and stderr text and the exit code.</summary>
    public static async Task<(string Stdout, string Stderr, int ExitCode)> ReadToExitAsync(Stream stream, TimeSpan timeout)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var cts = new CancellationTokenSource(timeout);
        while (await ReadAsync(stream).WaitAsync(cts.Token) is var (type, payload))
        {
            switch (type)
            {
                case Stdout: stdout.Append(Encoding.UTF8.GetString(payload)); break;
                case Stderr: stderr.Append(Encoding.UTF8.GetString(payload)); break;
                case Exit:
                    using (var json = JsonDocument.Parse(payload))
                        return (stdout.ToString(), stderr.ToString(), json.RootElement.GetProperty("exitCode").GetInt32());
                default: throw new InvalidDataException($"unexpected frame type {type}");
            }
        }
        throw new EndOfStreamException($"no exit frame; stdout so far: {stdout}; stderr: {stderr}");
    }

    /// <summary>Reads stdout frames until their text contains <paramref name="expected"/>; returns all stdout read.</summary>
    public static async Task<string> ReadStdoutUntilAsync(Stream stream, string expected, TimeSpan timeout)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var cts = new CancellationTokenSource(timeout);
        while (!stdout.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var frame = await ReadAsync(stream).WaitAsync(cts.Token) ?? throw new EndOfStreamException($"ended before \"{expected}\"; got: {stdout}; stderr: {stderr}");
            if (frame.Type == Stdout) stdout.Append(Encoding.UTF8.GetString(frame.Payload));
            else if (frame.Type == Stderr) stderr.Append(Encoding.UTF8.GetString(frame.Payload));
            else if (frame.Type == Exit) throw new InvalidDataException($"exited ({Encoding.UTF8.GetString(frame.Payload)}) before \"{expected}\"; got: {stdout}; stderr: {stderr}");
        }
        return stdout.ToString();
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read));
            if (n == 0)
            {
                if (read == 0) return false;
                throw new EndOfStreamException("a frame was cut short");
            }
            read += n;
        }
        return true;
    }
}
