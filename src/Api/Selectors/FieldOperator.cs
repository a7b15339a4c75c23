namespace Cluster.Api.Selectors;

/// <summary>How a <see cref="FieldRequirement"/> compares a field's value.</summary>
public enum FieldOperator
{
    /// <summary><c>field=value</c> (also written <c>field==value</c>).</summary>
    Equal,
    /// <summary><c>field!=value</c>.</summary>
    NotEqual,
}
