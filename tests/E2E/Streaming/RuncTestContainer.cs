using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Kubelet.Logs;
using Cluster.TestKit;

namespace Cluster.E2E.Streaming;

/// <summary>
/// A real runc container for streaming tests: a busybox rootfs, a config.json running <c>sh -c script</c> in its own
/// pid, network, ipc, uts and mount namespaces, under a runc root of its own. <c>runc run</c> runs in the foreground
/// with this process holding its stdio; its stdout and stderr are written to a CRI-format log as the shim would.
/// Disposing kills and deletes the container and its directory.
/// </summary>
public sealed class RuncTestContainer : IAsyncDisposable
{
    private readonly Process? _runc;
    private readonly Task _stdout = Task.CompletedTask;
    private readonly Task _stderr = Task.CompletedTask;
    private readonly FileStream? _log;
    private readonly Lock _logLock = new(); // guards _log

    private RuncTestContainer(string directory, string id, Process? runc, FileStream? log)
    {
        Directory_ = directory;
        Id = id;
        _runc = runc;
        _log = log;
        if (runc is not null)
        {
            _stdout = PumpAsync(runc.StandardOutput.BaseStream, stderr: false);
            _stderr = PumpAsync(runc.StandardError.BaseStream, stderr: true);
        }
    }

    public string Id { get; }
    private string Directory_ { get; }
    public string Root => Path.Combine(Directory_, "runc");
    public string Bundle => Path.Combine(Directory_, "bundle");
    public string LogPath => Path.Combine(Directory_, "container.log");

    /// <summary>Running until the container's output has ended and all of it is in the log (under the shim: until its exit file).</summary>
    public bool Running => _runc is null ? !File.Exists(ExitFile) : !(_stdout.IsCompleted && _stderr.IsCompleted);

    private string ExitFile => Path.Combine(Directory_, "exit");

    public static bool Available => File.Exists("/usr/sbin/runc") && File.Exists("/bin/busybox") && Environment.UserName == "root";

    /// <summary>
    /// Starts the container with <c>cluster-shim run --stdin</c>, as the kubelet will: the shim writes the CRI log,
    /// serves attach.sock in the bundle and writes the exit file.
    /// </summary>
    public static async Task<RuncTestContainer> StartWithShimAsync(string shimPath, string script)
    {
        var (id, directory) = Prepare(script, null);
        var start = new ProcessStartInfo(shimPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["run", "--id", id, "--bundle", Path.Combine(directory, "bundle"), "--root", Path.Combine(directory, "runc"),
                     "--log", Path.Combine(directory, "container.log"), "--exit-file", Path.Combine(directory, "exit"), "--stdin"])
            start.ArgumentList.Add(arg);
        using var shim = Process.Start(start)!;
        var line = await shim.StandardOutput.ReadLineAsync();
        if (line is null || !line.StartsWith("started", StringComparison.Ordinal))
            throw new InvalidOperationException($"cluster-shim run: {line} {await shim.StandardError.ReadToEndAsync()}");
        return new RuncTestContainer(directory, id, null, null);
    }

    public static RuncTestContainer Start(string script, IReadOnlyDictionary<string, string>? files = null)
    {
        var (id, directory) = Prepare(script, files);
        var log = new FileStream(Path.Combine(directory, "container.log"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite);

        var start = new ProcessStartInfo("/usr/sbin/runc")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--root", Path.Combine(directory, "runc"), "run", "--bundle", Path.Combine(directory, "bundle"), id]) start.ArgumentList.Add(arg);
        return new RuncTestContainer(directory, id, Process.Start(start)!, log);
    }

    private static (string Id, string Directory) Prepare(string script, IReadOnlyDictionary<string, string>? files)
    {
        var id = "e2e-stream-" + Guid.NewGuid().ToString("N")[..10];
        var directory = Path.Combine(Path.GetTempPath(), id);
        var rootfs = BusyboxRootfs.Create(Path.Combine(directory, "bundle", "rootfs"));
        foreach (var (path, content) in files ?? new Dictionary<string, string>())
        {
            var target = Path.Combine(rootfs, path.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, content);
        }
        File.WriteAllText(Path.Combine(directory, "bundle", "config.json"), Config(script).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Directory.CreateDirectory(Path.Combine(directory, "runc"));
        return (id, directory);
    }

    /// <summary>The container's init pid, once runc reports it running.</summary>
    public async Task<int> PidAsync()
    {
        var start = new ProcessStartInfo("/usr/sbin/runc") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["--root", Root, "state", Id]) start.ArgumentList.Add(arg);
        using var state = Process.Start(start)!;
        var text = await state.StandardOutput.ReadToEndAsync();
        await state.WaitForExitAsync();
        if (state.ExitCode != 0) return 0;
        var json = JsonNode.Parse(text)!;
        return json["status"]!.GetValue<string>() == "running" ? json["pid"]!.GetValue<int>() : 0;
    }

    /// <summary>Ends the container's stdin (a <c>read</c> in its script returns).</summary>
    public void CloseStdin() => (_runc ?? throw new InvalidOperationException("the shim holds this container's stdin")).StandardInput.Close();

    private async Task PumpAsync(Stream output, bool stderr)
    {
        using var reader = new StreamReader(output, Encoding.UTF8);
        while (await reader.ReadLineAsync() is { } line)
        {
            var entry = CriLogLine.Format(DateTimeOffset.UtcNow, stderr, partial: false, Encoding.UTF8.GetBytes(line));
            lock (_logLock)
            {
                _log!.Write(entry);
                _log.Flush();
            }
        }
    }

    private static JsonObject Config(string script) => new()
    {
        ["ociVersion"] = "1.0.2",
        ["process"] = new JsonObject
        {
            ["terminal"] = false,
            ["user"] = new JsonObject { ["uid"] = 0, ["gid"] = 0 },
            ["args"] = new JsonArray("/bin/sh", "-c", script),
            ["env"] = new JsonArray("PATH=/bin"),
            ["cwd"] = "/",
            ["noNewPrivileges"] = true,
        },
        ["root"] = new JsonObject { ["path"] = "rootfs" },
        ["hostname"] = "streaming",
        ["mounts"] = new JsonArray(
            new JsonObject { ["destination"] = "/proc", ["type"] = "proc", ["source"] = "proc" },
            new JsonObject { ["destination"] = "/dev", ["type"] = "tmpfs", ["source"] = "tmpfs", ["options"] = new JsonArray("nosuid", "mode=755", "size=65536k") },
            new JsonObject { ["destination"] = "/tmp", ["type"] = "tmpfs", ["source"] = "tmpfs" }),
        ["linux"] = new JsonObject
        {
            ["namespaces"] = new JsonArray(
                new JsonObject { ["type"] = "pid" }, new JsonObject { ["type"] = "network" }, new JsonObject { ["type"] = "ipc" },
                new JsonObject { ["type"] = "uts" }, new JsonObject { ["type"] = "mount" }),
        },
    };

    public async ValueTask DisposeAsync()
    {
        await RuncAsync("kill", Id, "KILL");
        if (_runc is { HasExited: false }) _runc.Kill(entireProcessTree: true);
        if (_runc is not null) await _runc.WaitForExitAsync();
        await RuncAsync("delete", "--force", Id);
        try
        {
            await Task.WhenAll(_stdout, _stderr);
        }
        catch (IOException)
        {
        }
        if (_log is not null) await _log.DisposeAsync();
        _runc?.Dispose();
        try
        {
            Directory.Delete(Directory_, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task RuncAsync(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/sbin/runc") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(Root);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
    }
}
