namespace Cluster.Kubelet.Server.Channels;

/// <summary>The channels of the Kubernetes remote-command WebSocket protocols: the first byte of every message.</summary>
public static class StreamChannel
{
    public const byte Stdin = 0;
    public const byte Stdout = 1;
    public const byte Stderr = 2;
    public const byte Error = 3;
    public const byte Resize = 4;

    /// <summary>v5 only: <c>0xFF ch</c> closes channel ch from the client's side (stdin EOF).</summary>
    public const byte Close = 255;

    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";

    /// <summary>The protocol to answer with, from those the client offered (v5 preferred), or null if none is spoken here.</summary>
    public static string? Negotiate(IEnumerable<string> offered)
    {
        var set = offered.SelectMany(o => o.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        return set.Contains(V5) ? V5 : set.Contains(V4) ? V4 : null;
    }

    /// <summary>A message for the client: the channel byte, then the data.</summary>
    public static byte[] Message(byte channel, ReadOnlySpan<byte> data)
    {
        var message = new byte[1 + data.Length];
        message[0] = channel;
        data.CopyTo(message.AsSpan(1));
        return message;
    }
}
