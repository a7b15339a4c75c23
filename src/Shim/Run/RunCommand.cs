using System.Text;
using Cluster.Shim.Framing;
using Cluster.Shim.Io;
using Cluster.Shim.Logging;
using Cluster.Shim.Native;
using Cluster.Shim.Processes;
using Cluster.Shim.Runc;

namespace Cluster.Shim.Run;

/// <summary>
/// <c>cluster-shim run</c>: starts one container with <c>runc run --detach</c> and stays with it as its parent
/// (child subreaper): copies its output to the CRI log and the attach socket, reaps it, and writes the exit file.
/// The shim's stdout carries exactly one line, <c>started PID</c> or <c>failed MESSAGE</c>, and is then closed; from
/// then on nothing depends on the process that started the shim.
/// </summary>
internal static class RunCommand
{
    // How long output may pause before draining gives up on end of file, and how long attached clients get to take
    // the exit frame.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ExitFrameTimeout = TimeSpan.FromSeconds(10);

    public static int Execute(RunOptions options)
    {
        _ = Libc.setsid(); // a session of its own: no terminal signals meant for the starter
        Reaper.BecomeSubreaper();
        var devNull = Fd.OpenDevNull();
        var runcLog = Path.Combine(options.Bundle, "runc.log");
        var pidFile = Path.Combine(options.Bundle, "init.pid");
        File.Delete(pidFile);
        File.Delete(runcLog); // a failed earlier attempt must not lend this one its error

        var (stdinRead, stdinWrite) = options.Stdin && !options.Tty ? Fd.Pipe() : (devNull, -1);
        var (stdoutRead, stdoutWrite) = Fd.Pipe();
        var (stderrRead, stderrWrite) = options.Tty ? (-1, stdoutWrite) : Fd.Pipe();
        using var console = options.Tty ? new ConsoleSocket() : null;

        List<string> args = ["--root", options.Root, "--log", runcLog, "--log-format", "json", "run", "--detach", "--pid-file", pidFile];
        if (console is not null) args.AddRange(["--console-socket", console.Path]);
        args.AddRange(["--bundle", options.Bundle, options.Id]);

        // With a tty, runc's own stdio carries only runc's messages: the container's terminal is the pty.
        var attach = AttachServer.Listen(Path.Combine(options.Bundle, "attach.sock"));
        var runcPid = Spawn.Start(options.Runc, args, stdinRead, stdoutWrite, stderrWrite);
        if (stdinRead != devNull) Fd.Close(stdinRead);
        Fd.Close(stdoutWrite);
        if (stderrWrite != stdoutWrite) Fd.Close(stderrWrite);
        var reaper = Reaper.Start();

        var master = console?.ReceiveMaster(() => !reaper.HasExited(runcPid)) ?? -1;
        console?.Dispose();
        var runcStatus = WaitStatus.FromRaw(reaper.WaitFor(runcPid) ?? 255 << 8);
        if (runcStatus.ExitCode != 0 || (console is not null && master < 0) || Reaper.ReadPidFile(pidFile) is not { } initPid)
        {
            var message = RuncLog.LastError(runcLog) ?? RuncLog.Drain(options.Tty ? stdoutRead : stderrRead, 500);
            if (runcStatus.ExitCode == 0) message = $"runc reported success but {(master < 0 && console is not null ? "sent no console" : "left no pid file")}: {message}";
            attach.Close();
            Report($"failed {RuncLog.OneLine(message)}");
            return 1;
        }

        var startedAt = DateTimeOffset.UtcNow;
        using var logFile = new RotatingLogFile(options.Log, options.LogMaxSize, options.LogMaxFiles);
        var log = new CriLogWriter(logFile, TimeProvider.System);
        List<OutputPump> pumps;
        var input = options.Tty ? new ContainerInput(master, tty: true) : new ContainerInput(stdinWrite, tty: false);
        if (options.Tty)
        {
            Fd.Close(stdoutRead); // runc's own output; it has exited
            pumps = [OutputPump.Start("tty", master, closeAtEnd: false, data => Copy(log, attach, FrameType.Stdout, data))];
        }
        else
        {
            pumps =
            [
                OutputPump.Start("stdout", stdoutRead, closeAtEnd: true, data => Copy(log, attach, FrameType.Stdout, data)),
                OutputPump.Start("stderr", stderrRead, closeAtEnd: true, data => Copy(log, attach, FrameType.Stderr, data)),
            ];
        }

        Report($"started {initPid}");
        attach.AcceptClients(input);

        var status = WaitStatus.FromRaw(reaper.WaitFor(initPid) ?? 255 << 8);
        var finishedAt = DateTimeOffset.UtcNow;
        OutputPump.WaitAll(pumps, DrainTimeout);
        log.Flush();
        ExitFile.Write(options.ExitFile, status, startedAt, finishedAt);
        attach.Finish(status.ExitCode, ExitFrameTimeout);
        return 0;
    }

    private static void Copy(CriLogWriter log, AttachServer attach, FrameType stream, ReadOnlyMemory<byte> data)
    {
        log.Write(stream == FrameType.Stderr, data.Span);
        attach.Broadcast(stream, data.Span);
    }

    /// <summary>Writes the one line on stdout, then points stdin, stdout and stderr at /dev/null: the process that
    /// reads the line may be gone by the time anything else would be written.</summary>
    public static void Report(string line)
    {
        Fd.WriteAll(1, Encoding.UTF8.GetBytes(line + "\n"));
        var devNull = Fd.OpenDevNull();
        _ = Libc.dup2(devNull, 0);
        _ = Libc.dup2(devNull, 1);
        _ = Libc.dup2(devNull, 2);
        Fd.Close(devNull);
    }
}
