using System.Diagnostics;
using Cluster.Kubelet.Containers;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Shim;

/// <summary>
/// A private runc root and bundle directories for one test, with real runc and the built cluster-shim. Dispose kills
/// and deletes every container it created and every shim it started, even after a failure.
/// </summary>
public sealed class ShimSandbox : IDisposable
{
    public const string Runc = "/usr/sbin/runc";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory dir = new("cluster-shim-test");
    private readonly List<string> ids = [];
    private readonly List<Process> processes = [];

    public string Root => dir.Combine("runc");

    /// <summary>A bundle for a container running <paramref name="args"/>, with its log and exit file paths beside it.</summary>
    public ShimContainer Container(IReadOnlyList<string> args, bool terminal = false)
    {
        var id = $"shim-test-{Guid.NewGuid():N}"[..24];
        var bundle = dir.Combine(id);
        Directory.CreateDirectory(bundle);
        RuncTestBundle.Create(bundle, id, args, terminal);
        lock (ids) ids.Add(id);
        return new ShimContainer(id, bundle, Path.Combine(bundle, "container.log"), Path.Combine(bundle, "exit.json"));
    }

    /// <summary>Starts <c>cluster-shim run</c> for <paramref name="container"/> and returns its one line of output.</summary>
    public async Task<(string Line, Process Shim)> RunAsync(ShimContainer container, params string[] extra)
    {
        var shim = Start(ShimBinary.Path, ["run", .. RunArguments(container), .. extra], redirectStdin: false);
        var line = await shim.StandardOutput.ReadLineAsync().WaitAsync(Timeout) ?? "";
        return (line, shim);
    }

    public string[] RunArguments(ShimContainer container) =>
        ["--id", container.Id, "--bundle", container.Bundle, "--root", Root, "--log", container.Log, "--exit-file", container.ExitFile, "--runc", Runc];

    /// <summary>Starts a process this sandbox kills on dispose, with stdout (and optionally stdin) redirected.</summary>
    public Process Start(string file, IEnumerable<string> args, bool redirectStdin)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardInput = redirectStdin, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        lock (processes) processes.Add(process);
        return process;
    }

    /// <summary>Runs runc with <paramref name="args"/> against this sandbox's root; its exit code.</summary>
    public async Task<int> RuncAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Runc) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--root", Root }.Concat(args)) start.ArgumentList.Add(arg);
        using var runc = Process.Start(start)!;
        await runc.WaitForExitAsync().WaitAsync(Timeout);
        return runc.ExitCode;
    }

    public static Task WaitForFileAsync(string path, string what) =>
        Eventually.TrueAsync(() => File.Exists(path), Timeout, what);

    public void Dispose()
    {
        foreach (var id in ids)
        {
            RuncAsync("kill", id, "KILL").Wait();
            RuncAsync("delete", "-f", id).Wait();
        }
        foreach (var process in processes)
        {
            try
            {
                if (!process.HasExited) process.Kill();
            }
            catch (InvalidOperationException)
            {
            }
            process.Dispose();
        }
        dir.Dispose();
    }
}

/// <summary>One test container: its runc id, bundle directory, CRI log and exit file.</summary>
public sealed record ShimContainer(string Id, string Bundle, string Log, string ExitFile)
{
    public string AttachSocket => Path.Combine(Bundle, "attach.sock");
}
