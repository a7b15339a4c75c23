using System.Text;

namespace Cluster.TestKit;

/// <summary>Short spellings for UTF-8 keys and values in tests.</summary>
public static class Bytes
{
    public static ReadOnlyMemory<byte> B(this string s) => Encoding.UTF8.GetBytes(s);

    public static string S(this ReadOnlyMemory<byte> b) => Encoding.UTF8.GetString(b.Span);
}
