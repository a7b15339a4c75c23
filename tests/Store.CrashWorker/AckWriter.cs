using System.Text;

namespace Cluster.Store.CrashWorker;

/// <summary>
/// Writes one line per acknowledged event to stdout, each with a single write call, so a SIGKILL can never leave
/// half a line, and a line is out of the process before the writer that produced it goes on.
/// </summary>
/// <remarks>
/// Line format (space separated; keys and values contain no spaces):
/// <c>READY rev</c>, <c>COMPACT rev</c>, <c>GRANT lease</c>, <c>PUT rev key value</c>, <c>CREATE rev key value</c>,
/// <c>MULTI rev key value key value…</c>, <c>LPUT rev lease key value</c>, <c>DELETING key</c> (the intent, before the
/// delete is sent), <c>DEL rev key</c>, and <c>ERROR text</c> for anything the worker found wrong.
/// </remarks>
internal sealed class AckWriter(Stream stdout)
{
    private readonly Lock _gate = new(); // guards stdout: one line at a time

    public void Line(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_gate)
        {
            stdout.Write(bytes);
            stdout.Flush();
        }
    }
}
