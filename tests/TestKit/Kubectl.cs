using System.Diagnostics;

namespace Cluster.TestKit;

/// <summary>
/// Runs the real <c>kubectl</c> on PATH against a server, with the server's kubeconfig and a fresh cache directory
/// (so discovery and OpenAPI are fetched from this server, never from an old cache).
/// </summary>
public sealed class Kubectl(string kubeconfig) : IDisposable
{
    private readonly string _cacheDir = Path.Combine(Path.GetTempPath(), "kubectl-cache-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The kubectl binary, or null if none is on PATH.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl")).FirstOrDefault(File.Exists);

    public Task<KubectlResult> RunAsync(params string[] args) => RunAsync(args, null, null);

    /// <summary>Starts kubectl and returns at once; for commands that keep running, such as watches.</summary>
    public RunningKubectl Start(params string[] args) => new(Process.Start(Prepare(args, redirectInput: false))!);

    public async Task<KubectlResult> RunAsync(IReadOnlyList<string> args, string? stdin, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var start = Prepare(args, stdin is not null);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;

        using var process = Process.Start(start)!;

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in time:\n{await stdout}\n{await stderr}");
        }
        return new KubectlResult(string.Join(' ', args), process.ExitCode, await stdout, await stderr);
    }

    private ProcessStartInfo Prepare(IReadOnlyList<string> args, bool redirectInput)
    {
        var binary = Find() ?? throw new FileNotFoundException("kubectl is not on PATH");
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(_cacheDir);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["HOME"] = _cacheDir;
        return start;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_cacheDir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>What a kubectl run printed and how it exited.</summary>
public sealed record KubectlResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Throws with everything kubectl printed unless it exited 0.</summary>
    public KubectlResult Ok()
    {
        if (ExitCode != 0) throw new InvalidOperationException($"kubectl {Command} exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }

    public override string ToString() => $"kubectl {Command} -> {ExitCode}\n{Stdout}\n{Stderr}";
}
