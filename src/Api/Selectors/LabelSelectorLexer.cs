namespace Cluster.Api.Selectors;

/// <summary>
/// Splits a label selector string into tokens like upstream's lexer: whitespace (space, tab, CR, LF)
/// separates; the symbols = ! ( ) , &gt; &lt; form the longest operator they can; any other run of characters
/// is an identifier, or the keyword "in" / "notin".
/// </summary>
internal static class LabelSelectorLexer
{
    public static List<LabelToken> Scan(string text)
    {
        var tokens = new List<LabelToken>();
        var pos = 0;
        while (true)
        {
            while (pos < text.Length && IsWhitespace(text[pos]))
            {
                pos++;
            }

            if (pos >= text.Length)
            {
                tokens.Add(new LabelToken(LabelTokenKind.EndOfString, string.Empty));
                return tokens;
            }

            tokens.Add(IsSpecial(text[pos]) ? ScanSymbol(text, ref pos) : ScanIdentifier(text, ref pos));
        }
    }

    private static LabelToken ScanIdentifier(string text, ref int pos)
    {
        var start = pos;
        while (pos < text.Length && !IsSpecial(text[pos]) && !IsWhitespace(text[pos]))
        {
            pos++;
        }

        var literal = text[start..pos];
        return literal switch
        {
            "in" => new LabelToken(LabelTokenKind.In, literal),
            "notin" => new LabelToken(LabelTokenKind.NotIn, literal),
            _ => new LabelToken(LabelTokenKind.Identifier, literal),
        };
    }

    // Greedy like upstream: extend while the symbols still spell an operator, stop at the first that does not.
    private static LabelToken ScanSymbol(string text, ref int pos)
    {
        var start = pos;
        LabelToken? last = null;
        while (pos < text.Length && IsSpecial(text[pos]))
        {
            var candidate = text[start..(pos + 1)];
            var kind = SymbolKind(candidate);
            if (kind is { } k)
            {
                last = new LabelToken(k, candidate);
                pos++;
            }
            else if (last is not null)
            {
                break;
            }
            else
            {
                pos++;
            }
        }

        return last ?? new LabelToken(LabelTokenKind.Error, $"error expected: keyword found '{text[start..pos]}'");
    }

    private static LabelTokenKind? SymbolKind(string symbol) => symbol switch
    {
        ")" => LabelTokenKind.ClosedPar,
        "," => LabelTokenKind.Comma,
        "!" => LabelTokenKind.DoesNotExist,
        "==" => LabelTokenKind.DoubleEqual,
        "=" => LabelTokenKind.Equal,
        ">" => LabelTokenKind.GreaterThan,
        "<" => LabelTokenKind.LessThan,
        "!=" => LabelTokenKind.NotEqual,
        "(" => LabelTokenKind.OpenPar,
        _ => null,
    };

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecial(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';
}
