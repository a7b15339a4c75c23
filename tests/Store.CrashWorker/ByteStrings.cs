using System.Text;

namespace Cluster.Store.CrashWorker;

/// <summary>UTF-8 keys and values.</summary>
internal static class ByteStrings
{
    public static ReadOnlyMemory<byte> B(this string s) => Encoding.UTF8.GetBytes(s);

    public static string S(this ReadOnlyMemory<byte> b) => Encoding.UTF8.GetString(b.Span);
}
