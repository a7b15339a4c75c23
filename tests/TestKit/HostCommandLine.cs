using System.Diagnostics;

namespace Cluster.TestKit;

/// <summary>What a finished program returned.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>This result, or an exception naming the command and what it said when it failed.</summary>
    public CommandResult Ok() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{Command} exited with {ExitCode}:\n{Stdout}\n{Stderr}");
}

/// <summary>Runs a host program (ip, nsenter, ...) for a test fixture, to its end or a timeout.</summary>
public static class HostCommandLine
{
    public static async Task<CommandResult> RunAsync(IReadOnlyList<string> command, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish in time");
        }
        return new CommandResult(string.Join(' ', command), process.ExitCode, await stdout, await stderr);
    }

    public static Task<CommandResult> RunAsync(params string[] command) => RunAsync(command, null);
}
