namespace Cluster.Api.Selectors;

/// <summary>How a <see cref="LabelRequirement"/> relates a label's value to its values (Kubernetes selection.Operator).</summary>
public enum LabelOperator
{
    /// <summary><c>key in (a,b)</c>: the label exists and has one of the values.</summary>
    In,
    /// <summary><c>key notin (a,b)</c>: the label is absent or has none of the values.</summary>
    NotIn,
    /// <summary><c>key=v</c>: the label exists and equals the value.</summary>
    Equal,
    /// <summary><c>key==v</c>: same as <see cref="Equal"/>, kept apart so it prints back as written.</summary>
    DoubleEqual,
    /// <summary><c>key!=v</c>: the label is absent or differs from the value.</summary>
    NotEqual,
    /// <summary><c>key</c>: the label exists.</summary>
    Exists,
    /// <summary><c>!key</c>: the label does not exist.</summary>
    DoesNotExist,
    /// <summary><c>key&gt;n</c>: the label exists and, read as a 64-bit integer, is greater than n.</summary>
    GreaterThan,
    /// <summary><c>key&lt;n</c>: the label exists and, read as a 64-bit integer, is less than n.</summary>
    LessThan,
}
