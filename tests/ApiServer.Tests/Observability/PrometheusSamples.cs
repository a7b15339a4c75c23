using System.Globalization;
using System.Text;

namespace Cluster.ApiServer.Tests.Observability;

/// <summary>A scrape parsed back into samples (name, labels, value), with lookups by name and a subset of labels.</summary>
public sealed class PrometheusSamples
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    public PrometheusSamples(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            _samples.Add(ParseLine(line));
        }
    }

    public string Text { get; }

    public IEnumerable<(Dictionary<string, string> Labels, double Value)> Find(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .Select(s => (s.Labels, s.Value));

    /// <summary>The value of the one sample with this name and these labels; fails if there is none or several.</summary>
    public double Value(string name, params (string Key, string Value)[] labels)
    {
        var found = Find(name, labels).ToList();
        if (found.Count != 1)
            throw new Xunit.Sdk.XunitException($"{found.Count} samples of {name} with {string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"))}:\n{Text}");
        return found[0].Value;
    }

    private static (string, Dictionary<string, string>, double) ParseLine(string line)
    {
        var labels = new Dictionary<string, string>();
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.LastIndexOf(' ');
        var name = brace >= 0 && brace < space ? line[..brace] : line[..space];
        if (brace >= 0 && brace < space)
        {
            var i = brace + 1;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var key = line[i..eq];
                i = eq + 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                    i++;
                }
                labels[key] = value.ToString();
                i++;
                if (line[i] == ',') i++;
            }
        }
        var text = line[(space + 1)..];
        var number = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, CultureInfo.InvariantCulture),
        };
        return (name, labels, number);
    }
}
