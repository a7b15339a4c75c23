namespace Cluster.Shim.Processes;

/// <summary>How a process ended, decoded from a waitpid status: a signal S reads as exit code 128+S, as shells do.</summary>
internal readonly record struct WaitStatus(int ExitCode, int? Signal)
{
    public static WaitStatus FromRaw(int status)
    {
        var signal = status & 0x7f;
        return signal == 0 ? new WaitStatus((status >> 8) & 0xff, null) : new WaitStatus(128 + signal, signal);
    }
}
