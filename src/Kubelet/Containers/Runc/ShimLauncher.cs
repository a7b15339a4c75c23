using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Containers.Runc;

public sealed record ShimRequest(string Id, string Bundle, string RuncRoot, string LogPath, string ExitFile, string RuncPath, bool Stdin, bool Tty);

/// <summary>The shim's answer: the container's init pid, or why runc could not start it.</summary>
public sealed record ShimStarted(int? Pid, string? Error);

/// <summary>
/// Starts one cluster-shim per container and reads its single status line ("started PID" or "failed MESSAGE"). The shim
/// leaves the kubelet's session, so it and the container outlive a killed kubelet; while the kubelet lives, it reaps it.
/// </summary>
public sealed class ShimLauncher(string shimPath, ILogger logger)
{
    private readonly ConcurrentDictionary<int, Process> _running = new();

    public async Task<ShimStarted> StartAsync(ShimRequest request, CancellationToken ct)
    {
        var start = new ProcessStartInfo(shimPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in Arguments(request)) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ContainerStartException("RunContainerError", "cluster-shim did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ContainerStartException("RunContainerError", $"cannot run {shimPath}: {e.Message}");
        }

        process.StandardInput.Close();
        process.EnableRaisingEvents = true;
        _running[process.Id] = process;
        process.Exited += (_, _) =>
        {
            _running.TryRemove(process.Id, out _);
            process.Dispose();
        };
        _ = DrainErrorsAsync(process, request.Id);

        var line = await process.StandardOutput.ReadLineAsync(ct);
        if (line is not null && line.StartsWith("started ", StringComparison.Ordinal) &&
            int.TryParse(line.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return new ShimStarted(pid, null);
        var error = line is not null && line.StartsWith("failed ", StringComparison.Ordinal) ? line[7..] : $"cluster-shim ended without starting the container ({line})";
        return new ShimStarted(null, error);
    }

    private static IEnumerable<string> Arguments(ShimRequest request)
    {
        yield return "run";
        yield return "--id";
        yield return request.Id;
        yield return "--bundle";
        yield return request.Bundle;
        yield return "--root";
        yield return request.RuncRoot;
        yield return "--log";
        yield return request.LogPath;
        yield return "--exit-file";
        yield return request.ExitFile;
        yield return "--runc";
        yield return request.RuncPath;
        if (request.Stdin) yield return "--stdin";
        if (request.Tty) yield return "--tty";
    }

    private async Task DrainErrorsAsync(Process process, string id)
    {
        try
        {
            while (await process.StandardError.ReadLineAsync() is { } line) logger.LogWarning("cluster-shim {Id}: {Line}", id, line);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
        }
    }
}
