using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Cluster.Store.Tests.Crash;

/// <summary>
/// A running <c>Store.CrashWorker</c>: collects its stdout lines as they come, and is killed with SIGKILL
/// (<see cref="Process.Kill()"/> on Linux) rather than asked to stop.
/// </summary>
internal sealed class CrashWorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = []; // guarded by itself, as is _writes
    private readonly TaskCompletionSource<long> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _acked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _ackTarget;
    private readonly Task<string> _stderr;
    private readonly Task _stdout;
    private int _writes;

    private CrashWorkerProcess(Process process, int ackTarget)
    {
        _process = process;
        _ackTarget = ackTarget;
        _stderr = process.StandardError.ReadToEndAsync();
        _stdout = Task.Run(ReadStdoutAsync);
    }

    /// <summary>The revision the worker opened the store at; completes when it prints READY.</summary>
    public Task<long> Ready => _ready.Task;

    /// <summary>Completes once the worker has acknowledged the number of writes it was started with.</summary>
    public Task Acknowledged => _acked.Task;

    /// <param name="ackTarget">How many acknowledged writes complete <see cref="Acknowledged"/>.</param>
    public static CrashWorkerProcess Start(string dataDirectory, int cycle, long compactTo, int ackTarget)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // held open: the worker stops by itself if we go away
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WorkerDll());
        start.ArgumentList.Add(dataDirectory);
        start.ArgumentList.Add(cycle.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(compactTo.ToString(CultureInfo.InvariantCulture));
        return new CrashWorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("crash worker did not start"), ackTarget);
    }

    /// <summary>SIGKILL: no flush, no dispose, no finally blocks.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It has already exited (for instance after an error); the exit code tells.
        }
    }

    /// <summary>Waits for the process to be gone and its output read to the end; returns every line it printed.</summary>
    public async Task<IReadOnlyList<string>> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        await _stdout.WaitAsync(cts.Token);
        var stderr = await _stderr.WaitAsync(cts.Token);
        if (stderr.Length > 0) throw new InvalidOperationException($"crash worker wrote to stderr:\n{stderr}");
        lock (_lines) return [.. _lines];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task ReadStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                    if (Ack.Parse(line).IsWrite && ++_writes >= _ackTarget) _acked.TrySetResult();
                }
                if (line.StartsWith("READY ", StringComparison.Ordinal)) _ready.TrySetResult(long.Parse(line[6..], CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            // Stdout is at its end, so the process is gone or going: say why, for whoever waits on READY or acks.
            var stderr = await _stderr.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "", TaskScheduler.Default);
            _ready.TrySetException(new InvalidOperationException($"crash worker ended before it was ready; stderr:\n{stderr}"));
            _acked.TrySetException(new InvalidOperationException($"crash worker ended after {_writes} of {_ackTarget} acknowledged writes; stderr:\n{stderr}"));
            _ = _ready.Task.Exception; // observed: a plan that does not wait on these is not an error
            _ = _acked.Task.Exception;
        }
    }

    /// <summary>The dotnet host that runs this test (the CLI exports it to children), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The worker built for this configuration; Store.Tests.csproj records its path at build time.</summary>
    private static string WorkerDll()
    {
        var path = typeof(CrashWorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CrashWorkerDll").Value!;
        return File.Exists(path) ? path : throw new FileNotFoundException("the crash worker is not built", path);
    }
}
