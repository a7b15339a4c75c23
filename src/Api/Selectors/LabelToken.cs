namespace Cluster.Api.Selectors;

/// <summary>One lexed token of a label selector string and the text it was read from.</summary>
internal readonly record struct LabelToken(LabelTokenKind Kind, string Literal);
