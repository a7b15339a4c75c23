namespace Cluster.Store.Tests.Model;

/// <summary>
/// A lease revoke. It reports no revision, so the client brackets it: if it took one, that revision is above
/// <paramref name="After"/> (the client's last header before) and at most <paramref name="Before"/> (the header of
/// a read right after).
/// </summary>
internal sealed record RevokeCall(int Client, int Seq, long Lease, long After, long Before)
{
    public override string ToString() => $"client {Client} call {Seq} revoke lease {Lease} within ({After}, {Before}]";
}
