using System.Diagnostics;
using Cluster.Kubelet.Containers;

namespace Cluster.Kubelet.Tests.Shim;

/// <summary>cluster-shim exec against a running container: framed output, exit codes, stdin and a tty.</summary>
[Trait("tier", "integration")]
public sealed class ShimExecTests : IDisposable
{
    private readonly ShimSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task Output_arrives_as_stdout_frames_followed_by_exit_0()
    {
        var exec = await ExecAsync([], "echo", "hi");

        var (stdout, stderr, exitCode) = await ShimFrames.ReadToExitAsync(exec.StandardOutput.BaseStream, ShimSandbox.Timeout);

        Assert.Equal("hi\n", stdout);
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        await exec.WaitForExitAsync().WaitAsync(ShimSandbox.Timeout);
        Assert.Equal(0, exec.ExitCode);
    }

    [Fact]
    public async Task The_exit_frame_carries_the_process_exit_code_and_stderr_its_own_frames()
    {
        var exec = await ExecAsync([], "sh", "-c", "echo bad >&2; exit 7");

        var (_, stderr, exitCode) = await ShimFrames.ReadToExitAsync(exec.StandardOutput.BaseStream, ShimSandbox.Timeout);

        Assert.Equal("bad\n", stderr);
        Assert.Equal(7, exitCode);
    }

    [Fact]
    public async Task A_process_killed_by_a_signal_exits_128_plus_the_signal()
    {
        var exec = await ExecAsync([], "sh", "-c", "kill -9 $$");

        var (_, _, exitCode) = await ShimFrames.ReadToExitAsync(exec.StandardOutput.BaseStream, ShimSandbox.Timeout);

        Assert.Equal(137, exitCode);
    }

    [Fact]
    public async Task Environment_and_working_directory_reach_the_process()
    {
        var exec = await ExecAsync(["--env", "GREETING=hello there", "--cwd", "/tmp"], "sh", "-c", "echo \"$GREETING\" in $(pwd)");

        var (stdout, _, exitCode) = await ShimFrames.ReadToExitAsync(exec.StandardOutput.BaseStream, ShimSandbox.Timeout);

        Assert.Equal("hello there in /tmp\n", stdout);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task A_missing_executable_gives_runcs_message_on_stderr_and_exit_127()
    {
        var exec = await ExecAsync([], "/no/such/tool");

        var (_, stderr, exitCode) = await ShimFrames.ReadToExitAsync(exec.StandardOutput.BaseStream, ShimSandbox.Timeout);

        Assert.Contains("/no/such/tool", stderr);
        Assert.Equal(127, exitCode);
    }

    [Fact]
    public async Task Stdin_frames_round_trip_through_cat_and_stdin_close_ends_it()
    {
        var exec = await ExecAsync(["--stdin"], "cat");
        var input = exec.StandardInput.BaseStream;
        var output = exec.StandardOutput.BaseStream;

        await ShimFrames.WriteAsync(input, ShimFrames.Stdin, "round trip\n");
        Assert.Equal("round trip\n", await ShimFrames.ReadStdoutUntilAsync(output, "round trip\n", ShimSandbox.Timeout));
        await ShimFrames.WriteAsync(input, ShimFrames.StdinClose, []);

        var (stdout, _, exitCode) = await ShimFrames.ReadToExitAsync(output, ShimSandbox.Timeout);
        Assert.Equal("", stdout);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task With_a_tty_the_process_runs_on_a_pty_that_takes_resizes()
    {
        var exec = await ExecAsync(["--tty", "--stdin"], "sh", "-c", "tty; read line; stty size");
        var input = exec.StandardInput.BaseStream;
        var output = exec.StandardOutput.BaseStream;

        Assert.Contains("/dev/pts/", await ShimFrames.ReadStdoutUntilAsync(output, "/dev/pts/", ShimSandbox.Timeout));
        await ShimFrames.WriteAsync(input, ShimFrames.Resize, "{\"Width\":123,\"Height\":45}");
        await ShimFrames.WriteAsync(input, ShimFrames.Stdin, "go\r");

        var (stdout, _, exitCode) = await ShimFrames.ReadToExitAsync(output, ShimSandbox.Timeout);
        Assert.Contains("45 123", stdout);
        Assert.Equal(0, exitCode);
    }

    /// <summary>Starts a long-running container under a shim, then <c>cluster-shim exec</c> in it.</summary>
    private async Task<Process> ExecAsync(string[] options, params string[] command)
    {
        var container = sandbox.Container(["/bin/sleep", "1000"]);
        var (line, _) = await sandbox.RunAsync(container);
        Assert.StartsWith("started ", line);
        return sandbox.Start(ShimBinary.Path, ["exec", "--id", container.Id, "--root", sandbox.Root, "--runc", ShimSandbox.Runc, .. options, "--", .. command], redirectStdin: true);
    }
}
