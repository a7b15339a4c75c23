using System.Runtime.InteropServices;

namespace Cluster.Kubelet.Bench;

/// <summary>
/// Ctrl-C or SIGTERM stop the benchmark at its next wait instead of ending the process, so that the nodes it started
/// are still reset (their containers outlive it otherwise).
/// </summary>
internal static class Interruption
{
    private static readonly CancellationTokenSource Source = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];

    public static void Install()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            Registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Console.Error.WriteLine("interrupted: cleaning up");
                Source.Cancel();
            }));
        }
    }

    public static bool Requested => Source.IsCancellationRequested;

    /// <summary>Throws <see cref="OperationCanceledException"/> once the benchmark has been interrupted.</summary>
    public static void ThrowIfRequested() => Source.Token.ThrowIfCancellationRequested();
}
