using System.Globalization;
using System.Text;
using Cluster.Shim.Processes;
using Microsoft.Win32.SafeHandles;

namespace Cluster.Shim.Run;

/// <summary>
/// The file the shim leaves when the container ends, for a kubelet that may have restarted meanwhile:
/// <c>{"exitCode":N,"signal":S|null,"finishedAt":"...","startedAt":"..."}</c>. Written atomically (a temp file,
/// fsync, rename), so a reader sees all of it or nothing.
/// </summary>
internal static class ExitFile
{
    public static void Write(string path, WaitStatus status, DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        var json = $"{{\"exitCode\":{status.ExitCode},\"signal\":{(status.Signal is { } s ? s.ToString(CultureInfo.InvariantCulture) : "null")},\"finishedAt\":\"{Rfc3339(finishedAt)}\",\"startedAt\":\"{Rfc3339(startedAt)}\"}}";
        var temp = path + ".tmp";
        using (SafeFileHandle handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, Encoding.ASCII.GetBytes(json), 0);
            RandomAccess.FlushToDisk(handle);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);
}
