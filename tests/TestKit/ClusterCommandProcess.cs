using System.Diagnostics;

namespace Cluster.TestKit;

/// <summary>A long-running <c>cluster</c> subcommand (e.g. <c>hollow-nodes</c>) for a test; killed on dispose.</summary>
public sealed class ClusterCommandProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new(); // guarded by itself

    private ClusterCommandProcess(Process process) => _process = process;

    public IReadOnlyList<string> RecentOutput
    {
        get
        {
            lock (_output) return [.. _output];
        }
    }

    public bool HasExited => _disposed || _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Waits for the command to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public static ClusterCommandProcess Start(params string[] args) => StartWith([], args);

    /// <summary>
    /// Starts the command through <paramref name="launcher"/> (e.g. <c>nsenter --net=/var/run/netns/x --</c>, which execs it, so
    /// the process is still the command's); no launcher runs it directly.
    /// </summary>
    public static ClusterCommandProcess StartWith(IReadOnlyList<string> launcher, params string[] args)
    {
        if (!File.Exists(RepoPaths.ClusterDll)) throw new FileNotFoundException("the cluster command is not built", RepoPaths.ClusterDll);
        var command = (string[])[.. launcher, "dotnet", "exec", RepoPaths.ClusterDll, .. args];
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in command[1..]) start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start };
        var running = new ClusterCommandProcess(process);
        process.OutputDataReceived += (_, e) => running.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => running.Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 200) _output.Dequeue();
        }
    }

    private bool _disposed;

    /// <summary>Kills the process (SIGKILL, like a crash) with its children; safe to call twice.</summary>
    public ValueTask DisposeAsync() => KillAsync(entireTree: true);

    /// <summary>
    /// SIGKILL; with <paramref name="entireTree"/> false only the command itself dies and what it started lives on (an
    /// agent's container shims, as when a kubelet crashes). Safe to call twice.
    /// </summary>
    public async ValueTask KillAsync(bool entireTree)
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: entireTree);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
