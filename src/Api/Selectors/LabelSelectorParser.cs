using Cluster.Api.Validation;

namespace Cluster.Api.Selectors;

/// <summary>
/// Recursive-descent parser for the label selector string syntax, following upstream's grammar and error
/// texts: <c>requirement ("," requirement)*</c> with <c>[!]key</c>, <c>key (=|==|!=|&gt;|&lt;) value</c> and
/// <c>key (in|notin) (v1,v2,...)</c>. Set values are de-duplicated and sorted; "in"/"notin" are ordinary
/// identifiers wherever a key or value is expected.
/// </summary>
internal sealed class LabelSelectorParser
{
    private const string BinaryOperatorList = "in, notin, =, ==, !=, gt, lt";

    private readonly List<LabelToken> _tokens;
    private int _position;

    private LabelSelectorParser(string text)
    {
        _tokens = LabelSelectorLexer.Scan(text);
    }

    /// <summary>Parses <paramref name="text"/> into requirements in written order.</summary>
    /// <exception cref="SelectorParseException">The text is not a valid selector.</exception>
    public static List<LabelRequirement> Parse(string text) => new LabelSelectorParser(text).ParseAll();

    private List<LabelRequirement> ParseAll()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (kind, literal) = Lookahead(valuesContext: true);
            switch (kind)
            {
                case LabelTokenKind.Identifier or LabelTokenKind.DoesNotExist:
                    try
                    {
                        requirements.Add(ParseRequirement());
                    }
                    catch (SelectorParseException e)
                    {
                        throw new SelectorParseException("unable to parse requirement: " + e.Message, e);
                    }

                    var (next, nextLiteral) = Consume(valuesContext: true);
                    switch (next)
                    {
                        case LabelTokenKind.EndOfString:
                            return requirements;
                        case LabelTokenKind.Comma:
                            var (after, afterLiteral) = Lookahead(valuesContext: true);
                            if (after is not (LabelTokenKind.Identifier or LabelTokenKind.DoesNotExist))
                            {
                                throw new SelectorParseException($"found '{afterLiteral}', expected: identifier after ','");
                            }

                            break;
                        default:
                            throw new SelectorParseException($"found '{nextLiteral}', expected: ',' or 'end of string'");
                    }

                    break;
                case LabelTokenKind.EndOfString:
                    return requirements;
                default:
                    throw new SelectorParseException($"found '{literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var (key, op) = ParseKeyAndInferOperator();
        if (op is LabelOperator.Exists or LabelOperator.DoesNotExist)
        {
            return LabelRequirement.Create(key, op.Value, []);
        }

        var binary = ParseOperator();
        var values = binary is LabelOperator.In or LabelOperator.NotIn ? ParseValues() : ParseExactValue();
        return LabelRequirement.Create(key, binary, values);
    }

    private (string Key, LabelOperator? Operator) ParseKeyAndInferOperator()
    {
        LabelOperator? op = null;
        var (kind, literal) = Consume(valuesContext: true);
        if (kind == LabelTokenKind.DoesNotExist)
        {
            op = LabelOperator.DoesNotExist;
            (kind, literal) = Consume(valuesContext: true);
        }

        if (kind != LabelTokenKind.Identifier)
        {
            throw new SelectorParseException($"found '{literal}', expected: identifier");
        }

        var keyErrors = NameValidation.IsQualifiedName(literal);
        if (keyErrors.Count != 0)
        {
            throw new SelectorParseException(FieldError.Invalid(null, literal, string.Join("; ", keyErrors)).ToString());
        }

        var (next, _) = Lookahead(valuesContext: true);
        if (next is LabelTokenKind.EndOfString or LabelTokenKind.Comma && op != LabelOperator.DoesNotExist)
        {
            op = LabelOperator.Exists;
        }

        return (literal, op);
    }

    private LabelOperator ParseOperator()
    {
        var (kind, literal) = Consume(valuesContext: false);
        return kind switch
        {
            LabelTokenKind.In => LabelOperator.In,
            LabelTokenKind.Equal => LabelOperator.Equal,
            LabelTokenKind.DoubleEqual => LabelOperator.DoubleEqual,
            LabelTokenKind.GreaterThan => LabelOperator.GreaterThan,
            LabelTokenKind.LessThan => LabelOperator.LessThan,
            LabelTokenKind.NotIn => LabelOperator.NotIn,
            LabelTokenKind.NotEqual => LabelOperator.NotEqual,
            _ => throw new SelectorParseException($"found '{literal}', expected: {BinaryOperatorList}"),
        };
    }

    private SortedSet<string> ParseValues()
    {
        var (kind, literal) = Consume(valuesContext: true);
        if (kind != LabelTokenKind.OpenPar)
        {
            throw new SelectorParseException($"found '{literal}' expected: '('");
        }

        (kind, literal) = Lookahead(valuesContext: true);
        switch (kind)
        {
            case LabelTokenKind.Identifier or LabelTokenKind.Comma:
                var set = ParseIdentifiersList();
                if (Consume(valuesContext: true).Kind != LabelTokenKind.ClosedPar)
                {
                    throw new SelectorParseException($"found '{literal}', expected: ')'");
                }

                return set;
            case LabelTokenKind.ClosedPar:
                Consume(valuesContext: true);
                return new SortedSet<string>(StringComparer.Ordinal) { string.Empty };
            default:
                throw new SelectorParseException($"found '{literal}', expected: ',', ')' or identifier");
        }
    }

    // Empty entries ("(a,,b)", "(,a)", "(a,)") stand for the empty value, as upstream.
    private SortedSet<string> ParseIdentifiersList()
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (kind, literal) = Consume(valuesContext: true);
            switch (kind)
            {
                case LabelTokenKind.Identifier:
                    set.Add(literal);
                    var (next, nextLiteral) = Lookahead(valuesContext: true);
                    switch (next)
                    {
                        case LabelTokenKind.Comma:
                            continue;
                        case LabelTokenKind.ClosedPar:
                            return set;
                        default:
                            throw new SelectorParseException($"found '{nextLiteral}', expected: ',' or ')'");
                    }

                case LabelTokenKind.Comma:
                    if (set.Count == 0)
                    {
                        set.Add(string.Empty);
                    }

                    var (after, _) = Lookahead(valuesContext: true);
                    if (after == LabelTokenKind.ClosedPar)
                    {
                        set.Add(string.Empty);
                        return set;
                    }

                    if (after == LabelTokenKind.Comma)
                    {
                        set.Add(string.Empty);
                    }

                    break;
                default:
                    throw new SelectorParseException($"found '{literal}', expected: ',', or identifier");
            }
        }
    }

    private SortedSet<string> ParseExactValue()
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        var (next, _) = Lookahead(valuesContext: true);
        if (next is LabelTokenKind.EndOfString or LabelTokenKind.Comma)
        {
            set.Add(string.Empty);
            return set;
        }

        var (kind, literal) = Consume(valuesContext: true);
        if (kind != LabelTokenKind.Identifier)
        {
            throw new SelectorParseException($"found '{literal}', expected: identifier");
        }

        set.Add(literal);
        return set;
    }

    private LabelToken Lookahead(bool valuesContext) => Reclassify(_tokens[_position], valuesContext);

    private LabelToken Consume(bool valuesContext)
    {
        var token = _tokens[_position];
        if (_position < _tokens.Count - 1)
        {
            _position++;
        }

        return Reclassify(token, valuesContext);
    }

    // Where keys or values are expected, the keywords "in" and "notin" are plain identifiers.
    private static LabelToken Reclassify(LabelToken token, bool valuesContext) =>
        valuesContext && token.Kind is LabelTokenKind.In or LabelTokenKind.NotIn
            ? token with { Kind = LabelTokenKind.Identifier }
            : token;
}
