using System.Diagnostics;

namespace Cluster.TestKit;

/// <summary>
/// The real <c>cluster server</c> process, started for a test on a free port with its own data directory. Ready
/// once it has written its admin kubeconfig and answers <c>/readyz</c>. <see cref="KillAsync"/> is a SIGKILL
/// (a crash); <see cref="StartAgainAsync"/> starts it again on the same data. Disposing kills it and deletes a data
/// directory it made.
/// </summary>
public sealed class ClusterServerProcess : IAsyncDisposable
{
    private const int OutputLines = 400;
    private readonly ClusterServerOptions _options;
    private readonly bool _ownsDataDirectory;
    private readonly Queue<string> _output = new(); // guarded by itself
    private Process? _process;

    private ClusterServerProcess(ClusterServerOptions options, string dataDirectory, bool owns)
    {
        _options = options;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = owns;
    }

    public string DataDirectory { get; }
    public string Kubeconfig => Path.Combine(DataDirectory, "admin.kubeconfig");
    public Uri Url { get; private set; } = new("https://127.0.0.1");
    /// <summary>The server's process id (while running).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("not running");

    public string Token => File.ReadAllText(Path.Combine(DataDirectory, "admin.token")).Trim();

    public IReadOnlyList<string> RecentOutput
    {
        get
        {
            lock (_output) return [.. _output];
        }
    }

    private static int _servers;
    private readonly string _bridge = "ct" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _podCidr = $"10.46.{(Environment.ProcessId * 7 + Interlocked.Increment(ref _servers)) % 250}.0/24";

    public static async Task<ClusterServerProcess> StartAsync(ClusterServerOptions? options = null)
    {
        options ??= new ClusterServerOptions();
        var owns = options.DataDirectory is null;
        var dir = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "cluster-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        if (options.BusyboxImage) await TestImages.ImportBusyboxAsync(dir);
        var server = new ClusterServerProcess(options, dir, owns);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server on the data directory and waits until it is ready.</summary>
    public async Task StartAgainAsync()
    {
        if (!File.Exists(RepoPaths.ClusterDll)) throw new FileNotFoundException("the cluster command is not built", RepoPaths.ClusterDll);
        File.Delete(Kubeconfig);
        var port = FreePort.Pick();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["exec", RepoPaths.ClusterDll, "server", "--data-dir", DataDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            start.ArgumentList.Add(arg);
        foreach (var arg in _options.ExtraArguments) start.ArgumentList.Add(arg);
        if (!_options.Dns) start.ArgumentList.Add("--disable-dns");
        else if (!_options.ExtraArguments.Contains("--dns-port"))
        {
            start.ArgumentList.Add("--dns-port");
            start.ArgumentList.Add("0");
        }

        if (_options.Bind is { } bind)
        {
            start.ArgumentList.Add("--bind");
            start.ArgumentList.Add(bind);
        }
        if (!_options.Agent) start.ArgumentList.Add("--disable-agent");
        else
        {
            // Servers of parallel tests share this host's network namespace: each gets its own bridge and pod range.
            start.ArgumentList.Add("--pod-bridge");
            start.ArgumentList.Add(_bridge);
            start.ArgumentList.Add("--pod-cidr");
            start.ArgumentList.Add(_podCidr);
            start.ArgumentList.Add("--kubelet-port");
            start.ArgumentList.Add("0");
        }
        if (_options.EtcdServers is { } etcd)
        {
            start.ArgumentList.Add("--etcd-servers");
            start.ArgumentList.Add(etcd);
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Url = new Uri($"https://{_options.Bind ?? "127.0.0.1"}:{port}");

        var deadline = DateTime.UtcNow + _options.StartTimeout;
        using var client = CreateClient(authenticated: false, ready: false);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"cluster server exited with {process.ExitCode}:\n{string.Join('\n', RecentOutput)}");
            if (File.Exists(Kubeconfig))
            {
                try
                {
                    using var response = await client.GetAsync(new Uri(Url, "/readyz"));
                    if (response.IsSuccessStatusCode) return;
                }
                catch (HttpRequestException)
                {
                }
            }
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"cluster server not ready in {_options.StartTimeout}:\n{string.Join('\n', RecentOutput)}");
            await Task.Delay(50);
        }
    }

    /// <summary>An HTTPS client that trusts the server's CA and (by default) sends the admin token.</summary>
    public HttpClient CreateClient(bool authenticated = true) => CreateClient(authenticated, ready: true);

    private HttpClient CreateClient(bool authenticated, bool ready) =>
        TrustingHttpClient.Create(Url, Path.Combine(DataDirectory, "ca.crt"), authenticated && ready ? Token : null);

    /// <summary>
    /// SIGKILL, like a crash; the data directory stays. With <paramref name="entireTree"/> false only the server process
    /// dies: its node agent's container shims (its children) and containers keep running, as when a kubelet crashes.
    /// </summary>
    public async Task KillAsync(bool entireTree = true)
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: entireTree);
            await p.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLines) _output.Dequeue();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        // The agent's containers, namespaces, mounts and cgroups outlive the process; release them like a node reset.
        if (_options.Agent) await TestImages.ResetNodeAsync(Path.Combine(DataDirectory, "agent"));
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
