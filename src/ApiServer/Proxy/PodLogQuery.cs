using System.Globalization;
using Cluster.ApiServer.Errors;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Proxy;

/// <summary>
/// The pods/log query, checked as PodLogOptions validation does (422 for negative tailLines, limitBytes or
/// sinceSeconds below 1, or both since forms; 400 for values that do not parse), and passed on to the kubelet.
/// </summary>
public static class PodLogQuery
{
    private static readonly string[] Passed = ["follow", "previous", "timestamps", "tailLines", "limitBytes", "sinceSeconds", "sinceTime"];

    public static string ForKubelet(IQueryCollection query, string podName)
    {
        var causes = new List<StatusCause>();
        var tail = Integer(query, "tailLines");
        if (tail < 0) causes.Add(Invalid("tailLines", tail.Value, "must be greater than or equal to 0"));
        var limit = Integer(query, "limitBytes");
        if (limit < 1) causes.Add(Invalid("limitBytes", limit.Value, "must be greater than 0"));
        var since = Integer(query, "sinceSeconds");
        if (since < 1) causes.Add(Invalid("sinceSeconds", since.Value, "must be greater than 0"));
        var sinceTime = query["sinceTime"].ToString();
        if (sinceTime.Length > 0 && !DateTimeOffset.TryParse(sinceTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            throw ApiErrors.BadRequest($"parsing time \"{sinceTime}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{sinceTime}\"");
        if (since is not null && sinceTime.Length > 0)
            causes.Add(new StatusCause("FieldValueForbidden", "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified", ""));
        foreach (var flag in (string[])["follow", "previous", "timestamps"]) Boolean(query, flag);
        if (causes.Count > 0) throw ApiErrors.Invalid("", "PodLogOptions", podName, causes);

        var parts = Passed.Where(p => query.TryGetValue(p, out var v) && v.ToString().Length > 0)
            .Select(p => $"{p}={Uri.EscapeDataString(query[p].ToString())}");
        var text = string.Join('&', parts);
        return text.Length == 0 ? "" : "?" + text;
    }

    private static StatusCause Invalid(string field, long value, string why) =>
        new("FieldValueInvalid", $"Invalid value: {value.ToString(CultureInfo.InvariantCulture)}: {why}", field);

    private static long? Integer(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0) return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiErrors.BadRequest($"strconv.ParseInt: parsing \"{text}\": invalid syntax");
    }

    private static void Boolean(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text is "" or "1" or "t" or "T" or "true" or "TRUE" or "True" or "0" or "f" or "F" or "false" or "FALSE" or "False") return;
        throw ApiErrors.BadRequest($"strconv.ParseBool: parsing \"{text}\": invalid syntax");
    }
}
