namespace Cluster.Runtime.Client;

/// <summary>Query parameters of a list or watch, with the Kubernetes names and meanings. Null means "not sent".</summary>
public sealed record ListOptions
{
    /// <summary>A label selector in the Kubernetes text form (<c>app=web,tier in (a,b)</c>).</summary>
    public string? LabelSelector { get; init; }

    /// <summary>A field selector (<c>spec.nodeName=n1,metadata.name!=x</c>).</summary>
    public string? FieldSelector { get; init; }

    /// <summary>At most this many items per page; follow <see cref="ObjectList{T}.Continue"/> for the rest.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>"0" for any cached state, a version for "at least this new", null for a consistent read.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>NotOlderThan or Exact, refining <see cref="ResourceVersion"/>.</summary>
    public string? ResourceVersionMatch { get; init; }

    /// <summary>For watches: the server ends the stream after this long.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>For watches: ask for BOOKMARK events carrying the newest resourceVersion.</summary>
    public bool AllowWatchBookmarks { get; init; }

    /// <summary>For watches: start with the current objects as ADDED events, then a bookmark (watch-list).</summary>
    public bool? SendInitialEvents { get; init; }

    internal void AppendTo(QueryString query)
    {
        query.Add("labelSelector", LabelSelector);
        query.Add("fieldSelector", FieldSelector);
        query.Add("limit", Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        query.Add("continue", Continue);
        query.Add("resourceVersion", ResourceVersion);
        query.Add("resourceVersionMatch", ResourceVersionMatch);
        query.Add("timeoutSeconds", TimeoutSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (AllowWatchBookmarks) query.Add("allowWatchBookmarks", "true");
        if (SendInitialEvents is { } send) query.Add("sendInitialEvents", send ? "true" : "false");
    }
}
