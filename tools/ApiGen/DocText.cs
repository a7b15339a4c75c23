using System.Text;

namespace Cluster.ApiGen;

/// <summary>Turns a schema description into a one-line XML doc summary: the first sentence, XML-escaped.</summary>
internal static class DocText
{
    public static string Summary(string description)
    {
        var text = FirstSentence(description.Replace('\n', ' ').Trim());
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }

    private static string FirstSentence(string text)
    {
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] == '.' && text[i + 1] == ' ' && !EndsWithAbbreviation(text.AsSpan(0, i)))
            {
                return text[..(i + 1)];
            }
        }
        return text;
    }

    private static bool EndsWithAbbreviation(ReadOnlySpan<char> text) =>
        text.EndsWith("e.g", StringComparison.Ordinal) || text.EndsWith("i.e", StringComparison.Ordinal)
        || text.EndsWith("vs", StringComparison.Ordinal) || text.EndsWith("approx", StringComparison.Ordinal);
}
