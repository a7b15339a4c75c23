using System.Net.Sockets;
using System.Text.Json;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Shim;

/// <summary>cluster-shim run against real runc: output, exit, failure, attach and surviving its starter.</summary>
[Trait("tier", "integration")]
public sealed class ShimRunTests : IDisposable
{
    private readonly ShimSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task Stdout_and_stderr_reach_the_log_and_the_exit_code_the_exit_file()
    {
        var container = sandbox.Container(["/bin/sh", "-c", "echo hello; echo oops >&2; exit 3"]);

        var (line, _) = await sandbox.RunAsync(container);

        Assert.StartsWith("started ", line);
        Assert.True(int.Parse(line["started ".Length..]) > 0);
        var exit = await ReadExitFileAsync(container);
        Assert.Equal(3, exit.GetProperty("exitCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, exit.GetProperty("signal").ValueKind);
        Assert.True(DateTimeOffset.Parse(exit.GetProperty("finishedAt").GetString()!) >= DateTimeOffset.Parse(exit.GetProperty("startedAt").GetString()!));
        var log = CriLogFile.Read(container.Log);
        Assert.Contains(log, l => !l.Stderr && !l.Partial && CriLogFile.Text(l) == "hello");
        Assert.Contains(log, l => l.Stderr && !l.Partial && CriLogFile.Text(l) == "oops");
    }

    [Fact]
    public async Task A_line_longer_than_16KiB_is_split_into_partial_records_that_reassemble()
    {
        var container = sandbox.Container(["/bin/sh", "-c", "head -c 40960 /dev/zero | tr '\\0' a; echo; printf tail"]);

        await sandbox.RunAsync(container);
        await ReadExitFileAsync(container);

        var log = CriLogFile.Read(container.Log);
        Assert.Equal([true, true, false, false], log.Select(l => l.Partial));
        Assert.Equal(new string('a', 40960), string.Concat(log.Take(3).Select(CriLogFile.Text)));
        Assert.Equal("tail", CriLogFile.Text(log[3])); // an unterminated last line is written as F at the end
    }

    [Fact]
    public async Task A_container_killed_by_SIGKILL_exits_137_with_signal_9()
    {
        var container = sandbox.Container(["/bin/sleep", "1000"]);
        var (line, _) = await sandbox.RunAsync(container);
        Assert.StartsWith("started ", line);

        Assert.Equal(0, await sandbox.RuncAsync("kill", container.Id, "KILL"));

        var exit = await ReadExitFileAsync(container);
        Assert.Equal(137, exit.GetProperty("exitCode").GetInt32());
        Assert.Equal(9, exit.GetProperty("signal").GetInt32());
    }

    [Fact]
    public async Task A_command_that_cannot_start_gives_a_failed_line_and_no_exit_file()
    {
        var container = sandbox.Container(["/no/such/binary"]);

        var (line, shim) = await sandbox.RunAsync(container);

        Assert.StartsWith("failed ", line);
        Assert.Contains("/no/such/binary", line);
        await shim.WaitForExitAsync().WaitAsync(ShimSandbox.Timeout);
        Assert.Equal(1, shim.ExitCode);
        Assert.False(File.Exists(container.ExitFile));
        Assert.False(File.Exists(container.AttachSocket));
    }

    [Fact]
    public async Task Stdin_frames_reach_the_container_and_stdin_close_ends_it()
    {
        var container = sandbox.Container(["/bin/cat"]);
        var (line, _) = await sandbox.RunAsync(container, "--stdin");
        Assert.StartsWith("started ", line);

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(container.AttachSocket));
        await using var stream = new NetworkStream(socket);
        await ShimFrames.WriteAsync(stream, ShimFrames.Stdin, "ping\n");
        Assert.Equal("ping\n", await ShimFrames.ReadStdoutUntilAsync(stream, "ping\n", ShimSandbox.Timeout));
        await ShimFrames.WriteAsync(stream, ShimFrames.StdinClose, []);

        var (_, _, exitCode) = await ShimFrames.ReadToExitAsync(stream, ShimSandbox.Timeout);
        Assert.Equal(0, exitCode);
        Assert.Null(await ShimFrames.ReadAsync(stream)); // the shim closes the connection after the exit frame
        Assert.Equal(0, (await ReadExitFileAsync(container)).GetProperty("exitCode").GetInt32());
        Assert.Contains(CriLogFile.Read(container.Log), l => CriLogFile.Text(l) == "ping");
        await Eventually.TrueAsync(() => !File.Exists(container.AttachSocket), ShimSandbox.Timeout, "attach.sock removed");
    }

    [Fact]
    public async Task With_a_tty_the_container_gets_a_terminal_and_its_output_is_logged_as_stdout()
    {
        var container = sandbox.Container(["/bin/sh", "-c", "tty; echo err >&2"], terminal: true);

        var (line, _) = await sandbox.RunAsync(container, "--tty");

        Assert.StartsWith("started ", line);
        Assert.Equal(0, (await ReadExitFileAsync(container)).GetProperty("exitCode").GetInt32());
        var log = CriLogFile.Read(container.Log);
        Assert.All(log, l => Assert.False(l.Stderr));
        Assert.Contains(log, l => CriLogFile.Text(l).StartsWith("/dev/pts/", StringComparison.Ordinal));
        Assert.Contains(log, l => CriLogFile.Text(l).TrimEnd('\r') == "err");
    }

    [Fact]
    public async Task With_a_tty_an_attached_client_types_into_the_terminal_and_resizes_it()
    {
        var container = sandbox.Container(["/bin/sh", "-c", "read line; stty size; echo got-$line"], terminal: true);
        var (line, _) = await sandbox.RunAsync(container, "--tty", "--stdin");
        Assert.StartsWith("started ", line);

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(container.AttachSocket));
        await using var stream = new NetworkStream(socket);
        await ShimFrames.WriteAsync(stream, ShimFrames.Resize, "{\"Width\":100,\"Height\":30}");
        await ShimFrames.WriteAsync(stream, ShimFrames.Stdin, "hi\r");

        var (stdout, stderr, exitCode) = await ShimFrames.ReadToExitAsync(stream, ShimSandbox.Timeout);
        Assert.Contains("30 100", stdout);
        Assert.Contains("got-hi", stdout);
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
    }

    [Theory]
    [InlineData(new[] { "run", "--bundle", "/tmp" }, "--id is required")]
    [InlineData(new[] { "run", "--id", "x", "--log-max-size", "lots" }, "--log-max-size")]
    [InlineData(new[] { "run", "--frobnicate" }, "unknown option --frobnicate")]
    public async Task A_bad_command_line_gives_a_failed_line_and_exit_2(string[] args, string message)
    {
        var shim = sandbox.Start(Cluster.Kubelet.Containers.ShimBinary.Path, args, redirectStdin: false);

        var line = await shim.StandardOutput.ReadLineAsync().WaitAsync(ShimSandbox.Timeout);
        await shim.WaitForExitAsync().WaitAsync(ShimSandbox.Timeout);

        Assert.StartsWith("failed ", line);
        Assert.Contains(message, line);
        Assert.Equal(2, shim.ExitCode);
    }

    [Fact]
    public async Task The_container_keeps_logging_and_its_exit_is_recorded_after_the_shims_starter_is_killed()
    {
        // The container prints one line, waits for a file the test creates, prints another, and exits 0.
        var container = sandbox.Container(["/bin/sh", "-c", "echo before; while [ ! -e /tmp/go ]; do sleep 0.1; done; echo after"]);
        var started = Path.Combine(container.Bundle, "started.txt");
        // The shell stays the shim's parent (it waits for it), so killing the shell kills the shim's starter.
        var starter = sandbox.Start("/bin/sh", ["-c", "out=\"$1\"; shift; \"$0\" \"$@\" > \"$out\"", Cluster.Kubelet.Containers.ShimBinary.Path, started, "run", .. sandbox.RunArguments(container)], redirectStdin: false);
        await Eventually.TrueAsync(() => File.Exists(started) && File.ReadAllText(started).StartsWith("started ", StringComparison.Ordinal), ShimSandbox.Timeout, "the shim reports started");
        await Eventually.TrueAsync(() => CriLogFile.Read(container.Log).Any(l => CriLogFile.Text(l) == "before"), ShimSandbox.Timeout, "the first line is logged");

        starter.Kill(); // SIGKILL to the shell that started the shim, not to the shim
        await starter.WaitForExitAsync().WaitAsync(ShimSandbox.Timeout);
        File.WriteAllText(Path.Combine(container.Bundle, "rootfs", "tmp", "go"), "");

        Assert.Equal(0, (await ReadExitFileAsync(container)).GetProperty("exitCode").GetInt32());
        Assert.Contains(CriLogFile.Read(container.Log), l => CriLogFile.Text(l) == "after");
    }

    [Fact]
    public async Task The_log_rotates_past_its_maximum_size_keeping_max_files_minus_one_old_ones()
    {
        var container = sandbox.Container(["/bin/sh", "-c", "for i in $(seq 1 300); do echo line-$i; done"]);

        await sandbox.RunAsync(container, "--log-max-size", "2048", "--log-max-files", "3");
        await ReadExitFileAsync(container);

        Assert.True(File.Exists(container.Log + ".1"));
        Assert.True(File.Exists(container.Log + ".2"));
        Assert.False(File.Exists(container.Log + ".3"));
        Assert.True(new FileInfo(container.Log + ".1").Length <= 2048 + 100);
        var kept = CriLogFile.Read(container.Log + ".2").Concat(CriLogFile.Read(container.Log + ".1")).Concat(CriLogFile.Read(container.Log))
            .Select(l => int.Parse(CriLogFile.Text(l)["line-".Length..])).ToList();
        Assert.Equal(300, kept[^1]);
        Assert.Equal(Enumerable.Range(kept[0], kept.Count), kept); // contiguous: nothing lost inside the kept files
        Assert.True(kept[0] > 1);
    }

    private static async Task<JsonElement> ReadExitFileAsync(ShimContainer container)
    {
        await ShimSandbox.WaitForFileAsync(container.ExitFile, "the exit file");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(container.ExitFile));
        return json.RootElement.Clone();
    }
}
