using System.Text;

namespace Cluster.Kubelet.Proxy;

/// <summary>
/// Packs units (chains that must change together) into iptables-restore inputs of at most a given number of lines,
/// never splitting a unit. Within an input every chain is declared (created or emptied) before any rule, so rules may
/// jump to chains written in the same input.
/// </summary>
internal sealed class RestorePayloads(int maxLines)
{
    private readonly List<string> _payloads = [];
    private readonly Table _nat = new("nat");
    private readonly Table _filter = new("filter");
    private int _lines;

    public IReadOnlyList<string> Payloads => _payloads;

    /// <summary>Adds one unit: chains written (declared, then filled), extra lines (such as -I jumps), chains flushed or deleted.</summary>
    public void Add(IReadOnlyList<KeyValuePair<ChainKey, string>> written, IReadOnlyList<IptablesLine> extra, IReadOnlyList<ChainKey> flushed, IReadOnlyList<ChainKey> deleted)
    {
        var lines = written.Count + flushed.Count + deleted.Count + extra.Count + written.Sum(w => Count(w.Value));
        if (lines == 0) return;
        if (_lines > 0 && _lines + lines > maxLines) Flush();
        foreach (var (chain, rules) in written)
        {
            var table = TableOf(chain);
            table.Declare.Append(':').Append(chain.Name).Append(" - [0:0]\n");
            table.Rules.Append(rules);
        }
        foreach (var line in extra) TableOf(line.Table).Rules.Append(line.Text).Append('\n');
        foreach (var chain in flushed) TableOf(chain).Declare.Append(':').Append(chain.Name).Append(" - [0:0]\n");
        foreach (var chain in deleted) TableOf(chain).Rules.Append("-X ").Append(chain.Name).Append('\n');
        _lines += lines;
    }

    /// <summary>Ends the current input; the next unit starts a new one.</summary>
    public void Flush()
    {
        if (_lines == 0) return;
        var text = new StringBuilder();
        foreach (var table in new[] { _nat, _filter })
        {
            if (table.Declare.Length + table.Rules.Length == 0) continue;
            text.Append('*').Append(table.Name).Append('\n').Append(table.Declare).Append(table.Rules).Append("COMMIT\n");
            table.Declare.Clear();
            table.Rules.Clear();
        }
        _payloads.Add(text.ToString());
        _lines = 0;
    }

    private Table TableOf(ChainKey chain) => TableOf(chain.Table);

    private Table TableOf(string table) => table == "nat" ? _nat : table == "filter" ? _filter : throw new ArgumentException($"table {table} is not ours");

    private static int Count(string rules) => rules.AsSpan().Count('\n');

    private sealed record Table(string Name)
    {
        public StringBuilder Declare { get; } = new();

        public StringBuilder Rules { get; } = new();
    }
}

/// <summary>A line of iptables-restore input for a table.</summary>
public readonly record struct IptablesLine(string Table, string Text);
