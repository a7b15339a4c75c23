using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cluster.TestKit;

/// <summary>
/// A real single-member etcd, started for a test on free loopback ports with a fresh data directory.
/// </summary>
/// <remarks>
/// <see cref="StartAsync"/> returns once etcd reports itself healthy (polled on a plain-HTTP metrics port, so TLS and
/// client-certificate settings do not get in the way). <see cref="StopAsync"/> kills it (SIGKILL, like a crash) and
/// keeps the data; <see cref="StartAgainAsync"/> starts the same member on the same ports and data. Disposing kills it
/// and deletes the data directory. Without an etcd binary, <see cref="StartAsync"/> throws
/// <see cref="FileNotFoundException"/>; the test decides whether that is a skip or a failure.
/// Not thread-safe: one test drives one instance.
/// </remarks>
public sealed class EtcdProcess : IAsyncDisposable
{
    private const int OutputLines = 300;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly EtcdProcessOptions _options;
    private readonly string _executable;
    private readonly int _peerPort;
    private readonly int _metricsPort;
    private readonly Queue<string> _output = new(); // last lines etcd printed; guarded by itself
    private Process? _process;

    private EtcdProcess(EtcdProcessOptions options, string executable, string dataDirectory, int clientPort, int peerPort, int metricsPort)
    {
        _options = options;
        _executable = executable;
        DataDirectory = dataDirectory;
        _peerPort = peerPort;
        _metricsPort = metricsPort;
        var scheme = options.CertFile is null ? "http" : "https";
        ClientUrl = new Uri($"{scheme}://127.0.0.1:{clientPort}");
        Name = "test-" + Path.GetFileName(dataDirectory);
    }

    /// <summary>The URL clients connect to: <c>http://127.0.0.1:port</c>, or https with TLS.</summary>
    public Uri ClientUrl { get; }

    /// <summary>The member's data directory (deleted on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>The member name.</summary>
    public string Name { get; }

    /// <summary>True between a successful start and a stop.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines etcd wrote to stdout and stderr, oldest first.</summary>
    public IReadOnlyList<string> RecentOutput
    {
        get
        {
            lock (_output) return [.. _output];
        }
    }

    /// <summary>The path of the etcd binary that <paramref name="options"/> selects, or null if there is none.</summary>
    public static string? FindExecutable(EtcdProcessOptions? options = null)
    {
        if (options?.Executable is { } explicitPath) return File.Exists(explicitPath) ? explicitPath : null;
        if (Environment.GetEnvironmentVariable("ETCD_BINARY") is { Length: > 0 } fromEnv) return File.Exists(fromEnv) ? fromEnv : null;
        if (File.Exists("/usr/bin/etcd")) return "/usr/bin/etcd";
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "etcd"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Starts a new member and waits until it is healthy.</summary>
    /// <exception cref="FileNotFoundException">No etcd binary.</exception>
    /// <exception cref="InvalidOperationException">etcd exited or did not become healthy in time.</exception>
    public static async Task<EtcdProcess> StartAsync(EtcdProcessOptions? options = null, CancellationToken ct = default)
    {
        options ??= new EtcdProcessOptions();
        var executable = FindExecutable(options) ?? throw new FileNotFoundException(
            "etcd is not installed: install the Debian package etcd-server, or set ETCD_BINARY to an etcd binary", options.Executable ?? "etcd");
        for (var attempt = 1; ; attempt++)
        {
            var dataDirectory = Directory.CreateTempSubdirectory("etcd-").FullName;
            var ports = FreePorts(3);
            var etcd = new EtcdProcess(options, executable, dataDirectory, ports[0], ports[1], ports[2]);
            try
            {
                await etcd.StartAgainAsync(ct);
                return etcd;
            }
            catch (InvalidOperationException) when (attempt < 3 && etcd.Printed("address already in use"))
            {
                await etcd.DisposeAsync(); // another process took a port between picking and binding: pick again
            }
            catch
            {
                await etcd.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts the member again on the same ports and data directory, and waits until it is healthy.</summary>
    public async Task StartAgainAsync(CancellationToken ct = default)
    {
        if (IsRunning) throw new InvalidOperationException("etcd is already running");
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments()) start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ETCD_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name); // etcd reads ETCD_* variables as flags
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitHealthyAsync(process, ct);
    }

    /// <summary>Kills etcd (SIGKILL) and waits for it to exit; the data directory stays.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it exited meanwhile
        }
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>Stops and starts the member again.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync();
        await StartAgainAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp directory
        }
    }

    public override string ToString() => $"etcd {Name} at {ClientUrl}";

    private IEnumerable<string> Arguments()
    {
        var peer = $"http://127.0.0.1:{_peerPort}";
        var client = ClientUrl.GetLeftPart(UriPartial.Authority);
        string[] common =
        [
            "--name", Name,
            "--data-dir", DataDirectory,
            "--listen-client-urls", client,
            "--advertise-client-urls", client,
            "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer,
            "--initial-cluster", $"{Name}={peer}",
            "--initial-cluster-state", "new",
            "--initial-cluster-token", Name,
            "--listen-metrics-urls", $"http://127.0.0.1:{_metricsPort}",
            "--logger", "zap",
            "--log-outputs", "stderr",
        ];
        foreach (var argument in common) yield return argument;
        if (_options.ProgressNotifyInterval is { } interval)
        {
            yield return "--experimental-watch-progress-notify-interval";
            yield return ((long)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }
        if (_options.CertFile is { } cert)
        {
            yield return "--cert-file";
            yield return cert;
            yield return "--key-file";
            yield return _options.KeyFile ?? throw new InvalidOperationException($"{nameof(EtcdProcessOptions.KeyFile)} is required with a certificate");
        }
        if (_options.ClientCaFile is { } ca)
        {
            yield return "--client-cert-auth";
            yield return "--trusted-ca-file";
            yield return ca;
        }
    }

    private async Task WaitHealthyAsync(Process process, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var health = new Uri($"http://127.0.0.1:{_metricsPort}/health");
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                await process.WaitForExitAsync(ct); // flushes the output handlers
                throw Failed($"etcd exited with code {process.ExitCode}");
            }
            try
            {
                var body = await http.GetStringAsync(health, ct);
                if (body.Contains("\"health\":\"true\"", StringComparison.Ordinal)) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // a slow answer during start-up
            }
            if (TimeProvider.System.GetElapsedTime(started) > _options.StartTimeout) throw Failed($"etcd was not healthy within {_options.StartTimeout}");
            await Task.Delay(PollInterval, ct);
        }
    }

    private InvalidOperationException Failed(string what) =>
        new($"{what} ({this}); its last output:{Environment.NewLine}{string.Join(Environment.NewLine, RecentOutput)}");

    private bool Printed(string text) => RecentOutput.Any(line => line.Contains(text, StringComparison.Ordinal));

    private void Record(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLines) _output.Dequeue();
        }
    }

    /// <summary>Distinct free loopback ports (free when picked; etcd binds them moments later).</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
