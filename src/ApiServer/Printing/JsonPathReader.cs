using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>Parses the text of a <see cref="SimpleJsonPath"/> into segments; throws <see cref="FormatException"/>.</summary>
internal sealed class JsonPathReader(string text, string original)
{
    private int _pos;

    public bool AtEnd => _pos >= text.Length;

    public FormatException Error(string what) =>
        new($"unsupported JSONPath '{original}': {what} at position {_pos}");

    public List<JsonPathSegment> ReadSegments(bool stopAtOperator)
    {
        var segments = new List<JsonPathSegment>();
        while (!AtEnd)
        {
            var c = text[_pos];
            if (c == '.')
            {
                _pos++;
                if (AtEnd || text[_pos] == '.')
                {
                    throw Error("recursive descent or empty field");
                }
                if (text[_pos] == '*')
                {
                    _pos++;
                    segments.Add(new JsonPathSegment.Wildcard());
                    continue;
                }
                segments.Add(new JsonPathSegment.Field(ReadName()));
            }
            else if (c == '[')
            {
                segments.Add(ReadBracket());
            }
            else if (stopAtOperator && (c is ' ' or '=' or '!' or '<' or '>' or ')'))
            {
                break;
            }
            else
            {
                throw Error("unexpected character");
            }
        }
        return segments;
    }

    private string ReadName()
    {
        var name = new StringBuilder();
        while (!AtEnd && text[_pos] is not ('.' or '[' or ' ' or '=' or '!' or '<' or '>' or ')'))
        {
            if (text[_pos] == '\\' && _pos + 1 < text.Length)
            {
                _pos++;
            }
            name.Append(text[_pos++]);
        }
        if (name.Length == 0)
        {
            throw Error("empty field name");
        }
        return name.ToString();
    }

    private JsonPathSegment ReadBracket()
    {
        _pos++; // '['
        JsonPathSegment segment;
        if (Peek('*'))
        {
            _pos++;
            segment = new JsonPathSegment.Wildcard();
        }
        else if (Peek('\'') || Peek('"'))
        {
            segment = new JsonPathSegment.Field(ReadQuoted());
        }
        else if (Peek('?'))
        {
            _pos++;
            Expect('(');
            SkipSpaces();
            Expect('@');
            var left = ReadSegments(stopAtOperator: true);
            SkipSpaces();
            string? op = null;
            JsonNode? literal = null;
            foreach (var candidate in (ReadOnlySpan<string>)["==", "!=", "<=", ">=", "<", ">"])
            {
                if (string.CompareOrdinal(text, _pos, candidate, 0, candidate.Length) == 0)
                {
                    op = candidate;
                    _pos += candidate.Length;
                    SkipSpaces();
                    literal = ReadLiteral();
                    SkipSpaces();
                    break;
                }
            }
            Expect(')');
            segment = new JsonPathSegment.Filter(left, op, literal);
        }
        else
        {
            var start = _pos;
            while (!AtEnd && (text[_pos] == '-' || char.IsAsciiDigit(text[_pos])))
            {
                _pos++;
            }
            if (!int.TryParse(text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture, out var index))
            {
                throw Error("expected an index, '*', a quoted name or a filter");
            }
            segment = new JsonPathSegment.Index(index);
        }
        Expect(']');
        return segment;
    }

    private JsonNode ReadLiteral()
    {
        if (Peek('\'') || Peek('"'))
        {
            return JsonValue.Create(ReadQuoted());
        }
        var start = _pos;
        while (!AtEnd && text[_pos] is not (')' or ' '))
        {
            _pos++;
        }
        var token = text[start.._pos];
        if (token is "true" or "false")
        {
            return JsonValue.Create(token == "true");
        }
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }
        throw Error("expected a quoted string, number or boolean");
    }

    private string ReadQuoted()
    {
        var quote = text[_pos++];
        var end = text.IndexOf(quote, _pos);
        if (end < 0)
        {
            throw Error("unterminated string");
        }
        var value = text[_pos..end];
        _pos = end + 1;
        return value;
    }

    private bool Peek(char c) => !AtEnd && text[_pos] == c;

    private void SkipSpaces()
    {
        while (Peek(' '))
        {
            _pos++;
        }
    }

    private void Expect(char c)
    {
        if (!Peek(c))
        {
            throw Error($"expected '{c}'");
        }
        _pos++;
    }
}
