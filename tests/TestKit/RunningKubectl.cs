using System.Diagnostics;
using System.Text;

namespace Cluster.TestKit;

/// <summary>A kubectl that keeps running (a watch, say): its output can be awaited line by line, then it is stopped.</summary>
public sealed class RunningKubectl : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new(); // stdout and stderr; guarded by itself
    private readonly SemaphoreSlim _changed = new(0);

    internal RunningKubectl(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Waits until the output so far satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForAsync(Func<string, bool> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition(Output))
        {
            if (_process.HasExited)
            {
                // HasExited turns true before the last lines are delivered; waiting for exit also drains stdout and stderr.
                await _process.WaitForExitAsync(cts.Token);
                if (!condition(Output)) throw new InvalidOperationException($"kubectl exited before {what}:\n{Output}");
                return;
            }
            try
            {
                await _changed.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"not seen within {timeout}: {what}\n{Output}");
            }
        }
    }

    /// <summary>Waits for kubectl to exit by itself (a followed log ending, say) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"kubectl did not exit within {timeout}:\n{Output}");
        }
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Append(line).Append('\n');
        _changed.Release();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _changed.Dispose();
    }
}
