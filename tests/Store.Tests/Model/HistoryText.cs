using Cluster.TestKit;

namespace Cluster.Store.Tests.Model;

/// <summary>
/// Canonical one-line spellings of requests, results and events. The checks compare these strings, so a mismatch
/// shows both sides readably; keys are shown without the test's prefix.
/// </summary>
internal static class HistoryText
{
    private const string Root = "/model/";

    /// <summary>The key without the test's <c>/model/{guid}/</c> prefix; the prefix itself and its range end get names.</summary>
    public static string Key(ReadOnlyMemory<byte> key)
    {
        var s = key.S();
        if (!s.StartsWith(Root, StringComparison.Ordinal)) return s;
        var slash = s.IndexOf('/', Root.Length);
        return slash < 0 ? "<prefix-end>" : slash == s.Length - 1 ? "<prefix>" : s[(slash + 1)..];
    }

    public static string Of(KeyValue? kv) => kv is null
        ? "-"
        : $"{Key(kv.Key)}={kv.Value.S()}(c{kv.CreateRevision} m{kv.ModRevision} v{kv.Version} l{kv.Lease})";

    public static string Of(WatchEvent e) =>
        $"@{e.Kv.ModRevision} {(e.Type == WatchEventType.Put ? "PUT" : "DEL")} {Of(e.Kv)} prev {Of(e.PrevKv)}";

    public static string Of(OpResult result) => result switch
    {
        PutResult p => $"put@{p.Revision} prev {Of(p.PrevKv)}",
        DeleteRangeResult d => $"delete@{d.Revision} n={d.Deleted} [{string.Join(", ", d.PrevKvs.Select(Of))}]",
        RangeResult r => $"range@{r.Revision} count={r.Count} more={r.More} [{string.Join(", ", r.Kvs.Select(Of))}]",
        _ => result.ToString(),
    };

    public static string Of(TxnResult result) =>
        $"txn@{result.Revision} {(result.Succeeded ? "then" : "else")} {{{string.Join("; ", result.Responses.Select(Of))}}}";

    public static string Of(TxnOp op) => op switch
    {
        PutRequest p => $"put {Key(p.Key)}={p.Value.S()}{(p.Lease != 0 ? $" lease {p.Lease}" : "")}{(p.PrevKv ? " prevKv" : "")}",
        DeleteRangeRequest d => $"delete {Range(d.Key, d.RangeEnd)}{(d.PrevKv ? " prevKv" : "")}",
        RangeRequest r => $"range {Range(r.Key, r.RangeEnd)}{(r.Revision > 0 ? $" at {r.Revision}" : "")}{(r.Limit > 0 ? $" limit {r.Limit}" : "")}" +
            $"{(r.KeysOnly ? " keysOnly" : "")}{(r.CountOnly ? " countOnly" : "")}",
        _ => op.ToString(),
    };

    public static string Of(Compare c) =>
        $"{c.Target}({Range(c.Key, c.RangeEnd)}) {c.Result} {(c.Target == CompareTarget.Value ? c.Value.S() : c.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))}";

    public static string Of(TxnRequest txn) =>
        $"if [{string.Join(" && ", txn.Compares.Select(Of))}] then {{{string.Join("; ", txn.Success.Select(Of))}}} else {{{string.Join("; ", txn.Failure.Select(Of))}}}";

    private static string Range(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> end) =>
        end.IsEmpty ? Key(key) : KeyRange.IsOpenEnded(end.Span) ? $"[{Key(key)}..)" : $"[{Key(key)}, {Key(end)})";
}
