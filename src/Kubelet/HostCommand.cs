using System.Diagnostics;

namespace Cluster.Kubelet;

/// <summary>A host program (runc, unshare, ip, iptables-restore, ...) exited non-zero; <see cref="StandardError"/> holds what it said.</summary>
public sealed class HostCommandException(string command, int exitCode, string standardError)
    : Exception($"{command} exited with {exitCode}: {standardError.Trim()}")
{
    public string Command { get; } = command;

    public int ExitCode { get; } = exitCode;

    public string StandardError { get; } = standardError;
}

/// <summary>What a finished host program returned.</summary>
public sealed record HostCommandResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the host programs the node agent drives, with optional standard input, waiting without blocking a thread;
/// cancellation kills the process.
/// </summary>
public static class HostCommand
{
    /// <summary>Runs the program and returns its standard output; a non-zero exit throws <see cref="HostCommandException"/>.</summary>
    public static async Task<string> RunAsync(string fileName, IReadOnlyList<string> arguments, string? standardInput, CancellationToken ct)
    {
        var result = await RunForResultAsync(fileName, arguments, standardInput, ct);
        if (result.ExitCode != 0) throw new HostCommandException(string.Join(' ', [fileName, .. arguments]), result.ExitCode, result.Stderr);
        return result.Stdout;
    }

    /// <summary>Runs the program to its end and returns its exit code and output.</summary>
    public static async Task<HostCommandResult> RunForResultAsync(string fileName, IReadOnlyList<string> arguments, string? standardInput, CancellationToken ct)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = standardInput is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            if (standardInput is not null) await WriteInputAsync(process, standardInput, ct);
            await process.WaitForExitAsync(ct);
            return new HostCommandResult(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
    }

    private static async Task WriteInputAsync(Process process, string input, CancellationToken ct)
    {
        try
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), ct);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program stopped reading (it failed on an early line): its exit code and standard error tell why.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }
}
