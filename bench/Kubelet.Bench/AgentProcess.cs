using System.Diagnostics;
using Cluster.TestKit;

namespace Cluster.Kubelet.Bench;

/// <summary>
/// One standalone <c>cluster agent</c> process. <see cref="CrashAsync"/> is a SIGKILL of that process alone: its
/// container shims (its children) keep running, as when a kubelet crashes.
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new(); // guarded by itself

    private AgentProcess(Process process) => _process = process;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string RecentOutput
    {
        get
        {
            lock (_output) return string.Join('\n', _output);
        }
    }

    public static AgentProcess Start(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["exec", RepoPaths.ClusterDll, "agent", .. args]) start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start };
        var agent = new AgentProcess(process);
        process.OutputDataReceived += (_, e) => agent.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>SIGKILL to the agent's pid only (kill(2)); its shims and containers live on.</summary>
    public async Task CrashAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 100) _output.Dequeue();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CrashAsync();
        _process.Dispose();
    }
}
