using System.Text;
using Cluster.Shim.Framing;
using Cluster.Shim.Io;
using Cluster.Shim.Native;
using Cluster.Shim.Processes;
using Cluster.Shim.Runc;

namespace Cluster.Shim.Exec;

/// <summary>
/// <c>cluster-shim exec</c>: runs one process in a running container and speaks the attach framing on the shim's own
/// stdio: stdin, resize and stdin-close frames in on stdin; stdout, stderr and finally one exit frame out on stdout.
/// The process is started with <c>runc exec --detach</c> (runc accepts a console socket only when detaching) and,
/// the shim being child subreaper, becomes the shim's child when runc exits, so its wait status is the exit code
/// (a signal S gives 128+S). When runc cannot start the process, its message arrives as stderr and the exit code is
/// 127 (not found) or 126 (not runnable), as a shell would report.
/// </summary>
internal static class ExecCommand
{
    // How long output may pause before draining gives up on end of file.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    public static int Execute(ExecOptions options)
    {
        Reaper.BecomeSubreaper();
        var output = new FrameOutput(1);
        var devNull = Fd.OpenDevNull();
        var scratch = Path.Combine(Path.GetTempPath(), $"cluster-shim-exec-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var runcLog = scratch + ".log";
        var pidFile = scratch + ".pid";
        try
        {
            var (stdinRead, stdinWrite) = options.Stdin && !options.Tty ? Fd.Pipe() : (devNull, -1);
            var (stdoutRead, stdoutWrite) = Fd.Pipe();
            var (stderrRead, stderrWrite) = Fd.Pipe();
            using var console = options.Tty ? new ConsoleSocket() : null;

            List<string> args = ["--root", options.Root, "--log", runcLog, "--log-format", "json", "exec", "--detach", "--pid-file", pidFile];
            if (console is not null) args.AddRange(["--tty", "--console-socket", console.Path]);
            foreach (var pair in options.Env) args.AddRange(["--env", pair]);
            if (options.Cwd is not null) args.AddRange(["--cwd", options.Cwd]);
            args.Add(options.Id);
            args.AddRange(options.Command);

            // With a tty, runc's own stdout and stderr carry only runc's messages (sent as stderr frames).
            var runcPid = Spawn.Start(options.Runc, args, stdinRead, options.Tty ? stderrWrite : stdoutWrite, stderrWrite);
            if (stdinRead != devNull) Fd.Close(stdinRead);
            Fd.Close(stdoutWrite);
            Fd.Close(stderrWrite);
            var reaper = Reaper.Start();

            var master = console?.ReceiveMaster(() => !reaper.HasExited(runcPid)) ?? -1;
            console?.Dispose();
            var stderrText = new StringBuilder();
            List<OutputPump> pumps =
            [
                OutputPump.Start("stderr", stderrRead, closeAtEnd: true, data =>
                {
                    lock (stderrText) stderrText.Append(Encoding.UTF8.GetString(data.Span));
                    output.Send(FrameType.Stderr, data.Span);
                }),
            ];
            if (master >= 0) pumps.Add(OutputPump.Start("tty", master, closeAtEnd: false, data => output.Send(FrameType.Stdout, data.Span)));
            if (options.Tty) Fd.Close(stdoutRead);
            else pumps.Add(OutputPump.Start("stdout", stdoutRead, closeAtEnd: true, data => output.Send(FrameType.Stdout, data.Span)));

            var input = master >= 0 ? new ContainerInput(master, tty: true) : new ContainerInput(stdinWrite, tty: false);
            new Thread(() =>
            {
                InputFrames.Pump(0, input);
                input.Close(); // the client went away: so does the process's stdin
            }, 64 * 1024) { IsBackground = true, Name = "stdin" }.Start();

            var runcStatus = WaitStatus.FromRaw(reaper.WaitFor(runcPid) ?? 255 << 8);
            int exitCode;
            if (runcStatus.ExitCode == 0 && Reaper.ReadPidFile(pidFile) is { } pid)
            {
                exitCode = WaitStatus.FromRaw(reaper.WaitFor(pid) ?? 255 << 8).ExitCode;
                OutputPump.WaitAll(pumps, DrainTimeout);
            }
            else
            {
                OutputPump.WaitAll(pumps, DrainTimeout);
                var error = RuncLog.LastError(runcLog) ?? $"runc exec exited with code {runcStatus.ExitCode}";
                exitCode = StartFailureCode(error);
                bool reported;
                lock (stderrText) reported = stderrText.ToString().Contains(error, StringComparison.Ordinal);
                if (!reported) output.Send(FrameType.Stderr, Encoding.UTF8.GetBytes(error + "\n"));
            }
            output.SendExit(exitCode);
            return 0;
        }
        finally
        {
            File.Delete(runcLog);
            File.Delete(pidFile);
        }
    }

    /// <summary>The exit code a shell gives for a command it could not run: 127 if it does not exist, else 126.</summary>
    private static int StartFailureCode(string runcError) =>
        runcError.Contains("not found", StringComparison.OrdinalIgnoreCase) || runcError.Contains("no such file", StringComparison.OrdinalIgnoreCase) ? 127 : 126;
}
