namespace Cluster.Store.Tests.Model;

/// <summary>
/// One key-value call a client made and what it got back. Puts, deletes and ranges are recorded as one-operation
/// txns that always succeed, so the model runs every call the same way.
/// </summary>
/// <param name="Seq">The client's own call order.</param>
internal sealed record Call(int Client, int Seq, CallKind Kind, TxnRequest Request, TxnResult Response)
{
    /// <summary>
    /// True if the response says the call changed something, so it must own the revision in its header: a branch
    /// with a put, or a delete that removed keys.
    /// </summary>
    public bool Changed =>
        (Response.Succeeded ? Request.Success : Request.Failure).Any(op => op is PutRequest)
        || Response.Responses.Any(r => r is DeleteRangeResult { Deleted: > 0 });

    public override string ToString() => $"client {Client} call {Seq} {Kind}: {HistoryText.Of(Request)} -> {HistoryText.Of(Response)}";
}
