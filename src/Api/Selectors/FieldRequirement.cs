namespace Cluster.Api.Selectors;

/// <summary>
/// One term of a <see cref="FieldSelector"/>: <see cref="Field"/> compared to the unescaped <see cref="Value"/>.
/// <see cref="ToString"/> prints the term with the value escaped (<c>\\</c>, <c>\,</c>, <c>\=</c>).
/// </summary>
public readonly record struct FieldRequirement(string Field, FieldOperator Operator, string Value)
{
    /// <summary>Whether the term holds for a field value; a missing field (null) counts as the empty string.</summary>
    public bool Matches(string? actual) =>
        Operator == FieldOperator.Equal
            ? string.Equals(actual ?? string.Empty, Value, StringComparison.Ordinal)
            : !string.Equals(actual ?? string.Empty, Value, StringComparison.Ordinal);

    public override string ToString() =>
        Field + (Operator == FieldOperator.Equal ? "=" : "!=") + FieldSelector.EscapeValue(Value);
}
