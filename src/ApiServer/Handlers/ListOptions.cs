using System.Globalization;
using Cluster.ApiServer.Errors;

namespace Cluster.ApiServer.Handlers;

/// <summary>The query options of list and watch requests, checked as upstream checks them (400 and 422 ListOptions).</summary>
public sealed record ListOptions(
    string LabelSelector,
    string FieldSelector,
    long Limit,
    string? Continue,
    string? ResourceVersion,
    string? ResourceVersionMatch,
    bool Watch,
    bool AllowWatchBookmarks,
    bool? SendInitialEvents,
    long? TimeoutSeconds)
{
    /// <summary>The resourceVersion as a revision; 0 for "" and "0".</summary>
    public long Revision => string.IsNullOrEmpty(ResourceVersion) ? 0 : long.Parse(ResourceVersion, CultureInfo.InvariantCulture);

    public bool AnyVersion => ResourceVersion == "0";

    public static ListOptions Parse(ApiRequest req, bool watch)
    {
        var limitText = req.Query("limit");
        long limit = 0;
        if (!string.IsNullOrEmpty(limitText) && (!long.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit)))
            throw ApiErrors.BadRequest($"invalid limit: {limitText}");
        var rv = req.Query("resourceVersion");
        if (!string.IsNullOrEmpty(rv) && (!long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 0))
            throw ApiErrors.BadRequest($"invalid resource version: {rv}");
        long? timeout = null;
        if (req.Query("timeoutSeconds") is { Length: > 0 } t)
        {
            timeout = long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts) ? ts : throw ApiErrors.BadRequest($"invalid timeoutSeconds: {t}");
        }
        var options = new ListOptions(
            req.Query("labelSelector") ?? "",
            req.Query("fieldSelector") ?? "",
            limit,
            NullIfEmpty(req.Query("continue")),
            NullIfEmpty(rv),
            NullIfEmpty(req.Query("resourceVersionMatch")),
            watch,
            Bool(req, "allowWatchBookmarks") ?? false,
            Bool(req, "sendInitialEvents"),
            timeout);
        options.Validate();
        return options;
    }

    private void Validate()
    {
        var causes = new List<StatusCause>();
        if (Watch)
        {
            if (SendInitialEvents is not null)
            {
                if (ResourceVersionMatch != "NotOlderThan")
                    causes.Add(new("FieldValueForbidden", "sendInitialEvents is forbidden for watch unless the resourceVersionMatch is set to NotOlderThan", "sendInitialEvents"));
            }
            else if (ResourceVersionMatch is not null)
            {
                causes.Add(new("FieldValueForbidden", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided", "resourceVersionMatch"));
            }
        }
        else
        {
            if (SendInitialEvents is not null)
                causes.Add(new("FieldValueForbidden", "sendInitialEvents is forbidden for list", "sendInitialEvents"));
            if (ResourceVersionMatch is not null)
            {
                if (ResourceVersion is null)
                    causes.Add(new("FieldValueForbidden", "resourceVersionMatch is forbidden unless resourceVersion is provided", "resourceVersionMatch"));
                if (Continue is not null)
                    causes.Add(new("FieldValueForbidden", "resourceVersionMatch is forbidden when continue is provided", "resourceVersionMatch"));
                if (ResourceVersionMatch is not ("Exact" or "NotOlderThan"))
                    causes.Add(new("FieldValueNotSupported", $"Unsupported value: \"{ResourceVersionMatch}\": supported values: \"Exact\", \"NotOlderThan\", \"\"", "resourceVersionMatch"));
                if (ResourceVersionMatch == "Exact" && ResourceVersion == "0")
                    causes.Add(new("FieldValueForbidden", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"", "resourceVersionMatch"));
            }
        }
        if (causes.Count > 0) throw ApiErrors.Invalid("meta.k8s.io", "ListOptions", "", causes);
        if (!Watch && Continue is not null && ResourceVersion is { } rv && rv != "0")
            throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
    }

    private static bool? Bool(ApiRequest req, string name) => req.Query(name) switch
    {
        null or "" => null,
        "true" or "1" or "True" => true,
        "false" or "0" or "False" => false,
        var v => throw ApiErrors.BadRequest($"invalid {name}: {v}"),
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
