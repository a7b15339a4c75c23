using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Cluster.Cli.Tests;

/// <summary>
/// A running <c>cluster</c> process, the build of this test's configuration, with its output collected line by line.
/// It is stopped the way a user stops it: SIGINT (Ctrl+C), then it must exit by itself.
/// </summary>
internal sealed partial class ClusterProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = []; // guarded by itself
    private readonly TaskCompletionSource<Uri> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _output;

    private ClusterProcess(Process process)
    {
        _process = process;
        _output = Task.WhenAll(ReadAsync(process.StandardOutput), ReadAsync(process.StandardError));
    }

    /// <summary>Completes with the URL from the "Serving the etcd v3 API on URL" line; fails if the process ends first.</summary>
    public Task<Uri> ServingUrl => _serving.Task;

    /// <summary>Every line printed so far, stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_lines) return [.. _lines];
        }
    }

    /// <summary>
    /// Starts <c>cluster</c> with <paramref name="args"/>. SIGINT is reset to its default disposition for the child
    /// (<c>env --default-signal=INT</c>): a test host started in the background of a non-interactive shell ignores
    /// SIGINT, the child would inherit that, and .NET does not handle a signal that was ignored when it started.
    /// </summary>
    public static ClusterProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(DotnetHost());
        start.ArgumentList.Add(ClusterDll());
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return new ClusterProcess(Process.Start(start) ?? throw new InvalidOperationException("cluster did not start"));
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-s", "INT", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the process to exit and its output to be read to the end; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        await _output.WaitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task ReadAsync(StreamReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (_lines) _lines.Add(line);
                if (ServingLine().Match(line) is { Success: true } match) _serving.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }
        finally
        {
            _serving.TrySetException(new InvalidOperationException($"cluster ended before serving; output:\n{string.Join('\n', Output)}"));
            _ = _serving.Task.Exception; // observed: a test that does not wait for it is not an error
        }
    }

    /// <summary>The dotnet host that runs this test (the CLI exports it to children), else the one on PATH.</summary>
    internal static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The <c>cluster</c> built for this configuration; Cluster.Tests.csproj records its path at build time.</summary>
    internal static string ClusterDll()
    {
        var path = typeof(ClusterProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ClusterDll").Value!;
        return File.Exists(path) ? path : throw new FileNotFoundException("cluster is not built", path);
    }

    [GeneratedRegex(@"Serving the etcd v3 API on (http://\S+) ")]
    private static partial Regex ServingLine();
}
