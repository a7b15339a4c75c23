using System.Diagnostics;
using System.Net;

namespace Cluster.TestKit;

/// <summary>
/// A real Debian <c>docker-registry</c> (distribution 2.8) on a free loopback port with its own storage directory,
/// optionally with an <c>auth:</c> section. Disposing kills it and deletes the directory.
/// </summary>
public sealed class DockerRegistryProcess : IAsyncDisposable
{
    public const string Executable = "/usr/bin/docker-registry";
    private readonly TempDirectory _dir;
    private readonly Process _process;

    private DockerRegistryProcess(TempDirectory dir, Process process, int port)
    {
        _dir = dir;
        _process = process;
        HostPort = $"127.0.0.1:{port}";
    }

    /// <summary><c>127.0.0.1:port</c>, the registry part of an image reference.</summary>
    public string HostPort { get; }

    public Uri Url => new($"http://{HostPort}");

    /// <summary>Where the registry keeps blobs: <c>…/blobs/sha256/ab/abcd…/data</c>.</summary>
    public string BlobDataPath(string digest)
    {
        string hex = digest["sha256:".Length..];
        return _dir.Combine("data", "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    public static async Task<DockerRegistryProcess> StartAsync(string authYaml = "")
    {
        if (!File.Exists(Executable)) throw new FileNotFoundException("docker-registry is not installed (make deps)", Executable);
        var dir = new TempDirectory("registry");
        Process process;
        int port;
        try
        {
            port = FreePort.Pick();
            string config = dir.Combine("config.yml");
            await File.WriteAllTextAsync(config, $"""
                version: 0.1
                log:
                  level: error
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: {dir.Combine("data")}
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:{port}
                  secret: {Guid.NewGuid():N}
                {authYaml}
                """);
            process = Process.Start(new ProcessStartInfo(Executable, ["serve", config])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        catch
        {
            dir.Dispose();
            throw;
        }
        var registry = new DockerRegistryProcess(dir, process, port);
        try
        {
            await registry.WaitReadyAsync();
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}");
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "/v2/"));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized) return;
            }
            catch (HttpRequestException)
            {
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(15)) throw new TimeoutException("docker-registry did not answer /v2/ within 15 s");
            await Task.Delay(50);
        }
    }

    /// <summary>Kills the registry (the storage stays until dispose).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
            _dir.Dispose();
        }
    }
}
