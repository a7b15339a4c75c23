using System.Text;

namespace Cluster.Kubelet.Logs;

/// <summary>
/// Serves a container's CRI-format log as <c>kubectl logs</c> shows it: each entry's content (both streams, in file
/// order), optionally prefixed with its timestamp; <c>tailLines</c>, <c>since</c> and <c>limitBytes</c> as the kubelet
/// applies them; <c>follow</c> keeps reading as the file grows until cancelled, or until the container has stopped
/// (the stillRunning callback) and the file holds nothing more.
/// </summary>
public static class CriLogReader
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task CopyAsync(string path, LogOptions options, Stream output, Func<bool>? stillRunning = null, CancellationToken ct = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
        var assembler = new LogAssembler();
        var buffer = new byte[64 * 1024];
        var budget = options.LimitBytes ?? long.MaxValue;

        // What the file holds now: read through once, keeping the last tailLines entries.
        var initial = new Queue<LogEntry>();
        int read;
        while ((read = await file.ReadAsync(buffer, ct)) > 0)
        {
            foreach (var entry in assembler.Feed(buffer.AsMemory(0, read)))
            {
                if (options.Since is { } since && entry.Time < since) continue;
                initial.Enqueue(entry);
                if (options.TailLines is { } tail && initial.Count > tail) initial.Dequeue();
            }
        }

        foreach (var entry in initial)
            if (!await WriteAsync(entry)) return;
        await output.FlushAsync(ct);

        var stopped = false;
        while (options.Follow)
        {
            read = await file.ReadAsync(buffer, ct);
            if (read == 0)
            {
                if (stopped) return;
                // The container may write its last lines between that read and this check: once it has stopped, read through once more.
                stopped = stillRunning is not null && !stillRunning();
                if (!stopped) await Task.Delay(PollInterval, ct);
                continue;
            }

            foreach (var entry in assembler.Feed(buffer.AsMemory(0, read)))
            {
                if (options.Since is { } since && entry.Time < since) continue;
                if (!await WriteAsync(entry)) return;
            }

            await output.FlushAsync(ct);
        }

        async Task<bool> WriteAsync(LogEntry entry)
        {
            byte[] text = options.Timestamps ? [.. Encoding.ASCII.GetBytes(entry.Timestamp + " "), .. entry.Content] : entry.Content;
            if (text.Length >= budget)
            {
                await output.WriteAsync(text.AsMemory(0, (int)budget), ct);
                await output.FlushAsync(ct);
                return false;
            }

            await output.WriteAsync(text, ct);
            budget -= text.Length;
            return true;
        }
    }
}
