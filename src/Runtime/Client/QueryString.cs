using System.Text;

namespace Cluster.Runtime.Client;

/// <summary>Builds a URL query, escaping names and values; null values are left out.</summary>
internal sealed class QueryString
{
    private readonly StringBuilder _text = new();

    public void Add(string name, string? value)
    {
        if (value is null) return;
        _text.Append(_text.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
    }

    public override string ToString() => _text.ToString();
}
