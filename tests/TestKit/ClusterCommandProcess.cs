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

    public static ClusterCommandProcess Start(params string[] args)
    {
        if (!File.Exists(RepoPaths.ClusterDll)) throw new FileNotFoundException("the cluster command is not built", RepoPaths.ClusterDll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["exec", RepoPaths.ClusterDll, .. args]) start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start };
        var command = new ClusterCommandProcess(process);
        process.OutputDataReceived += (_, e) => command.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => command.Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return command;
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

    /// <summary>Kills the process (SIGKILL, like a crash); safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
