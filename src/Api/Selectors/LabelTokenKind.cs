namespace Cluster.Api.Selectors;

/// <summary>The kinds of token in the label selector string syntax.</summary>
internal enum LabelTokenKind
{
    Error,
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEqual,
    Equal,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEqual,
    NotIn,
    OpenPar,
}
