using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Server.Channels;

/// <summary>
/// An exec: <c>cluster-shim exec --id ID --root ROOT [--tty] [--stdin] -- CMD...</c>, whose stdin and stdout carry
/// <see cref="ShimFrame"/>s, bridged to the client's WebSocket. The shim is killed if the client goes away first.
/// </summary>
public static partial class ExecSession
{
    public static async Task RunAsync(ChannelBridge bridge, string shimPath, ContainerTarget target, IReadOnlyList<string> command, StreamRequest streams,
        ILogger logger, CancellationToken ct)
    {
        var start = new ProcessStartInfo(shimPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in Arguments(target, command, streams)) start.ArgumentList.Add(arg);
        using var shim = new Process { StartInfo = start };
        shim.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line) LogShim(logger, target.ContainerId, line);
        };
        shim.Start();
        shim.BeginErrorReadLine();
        try
        {
            await bridge.RunAsync(shim.StandardInput.BaseStream, shim.StandardOutput.BaseStream, ct);
        }
        finally
        {
            if (!shim.HasExited) shim.Kill(entireProcessTree: true);
            await shim.WaitForExitAsync(CancellationToken.None);
        }
    }

    public static IEnumerable<string> Arguments(ContainerTarget target, IReadOnlyList<string> command, StreamRequest streams)
    {
        yield return "exec";
        yield return "--id";
        yield return target.ContainerId;
        yield return "--root";
        yield return target.RuncRoot;
        if (streams.Tty) yield return "--tty";
        if (streams.Stdin) yield return "--stdin";
        yield return "--";
        foreach (var part in command) yield return part;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster-shim exec in {Container}: {Line}")]
    private static partial void LogShim(ILogger logger, string container, string line);
}
