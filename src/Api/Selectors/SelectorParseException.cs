namespace Cluster.Api.Selectors;

/// <summary>
/// A label or field selector (string or JSON form) is malformed or names an invalid key or value. The message
/// is upstream's, e.g. <c>unable to parse requirement: ...</c>, so it can be returned to clients as is.
/// </summary>
public sealed class SelectorParseException : FormatException
{
    public SelectorParseException()
    {
    }

    public SelectorParseException(string message)
        : base(message)
    {
    }

    public SelectorParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
