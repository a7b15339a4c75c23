namespace Cluster.Kubelet.Server.Spdy;

/// <summary>SPDY/3 control frame types (data frames have none).</summary>
public enum SpdyFrameType : ushort
{
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
}
