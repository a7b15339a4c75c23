using System.Globalization;
using Cluster.Kubelet.Logs;
using Microsoft.AspNetCore.Http;

namespace Cluster.Kubelet.Server;

/// <summary>
/// The query of <c>GET /containerLogs/{ns}/{pod}/{container}</c> (the pods/log parameters the API server passes on):
/// follow, previous, timestamps, tailLines, limitBytes, sinceSeconds, sinceTime. A malformed or negative value is a 400.
/// </summary>
public static class LogQuery
{
    public static (LogOptions Options, bool Previous) Parse(IQueryCollection query, DateTimeOffset now)
    {
        var since = (DateTimeOffset?)null;
        if (Int("sinceSeconds") is { } seconds)
        {
            if (seconds < 1) throw StreamingException.BadRequest("sinceSeconds: must be greater than 0");
            since = now - TimeSpan.FromSeconds(seconds);
        }
        if (Text("sinceTime") is { Length: > 0 } sinceTime)
        {
            if (since is not null) throw StreamingException.BadRequest("at most one of sinceTime or sinceSeconds may be specified");
            if (!DateTimeOffset.TryParse(sinceTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                throw StreamingException.BadRequest($"sinceTime: invalid time \"{sinceTime}\"");
            since = t;
        }
        var tail = Int("tailLines");
        if (tail < 0) throw StreamingException.BadRequest("tailLines: must be greater than or equal to 0");
        var limit = Int("limitBytes");
        if (limit < 1) throw StreamingException.BadRequest("limitBytes: must be greater than 0");
        var options = new LogOptions { Follow = Bool("follow"), Timestamps = Bool("timestamps"), TailLines = tail, LimitBytes = limit, Since = since };
        return (options, Bool("previous"));

        string? Text(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;

        long? Int(string name)
        {
            if (Text(name) is not { Length: > 0 } text) return null;
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw StreamingException.BadRequest($"{name}: invalid integer \"{text}\"");
        }

        bool Bool(string name) => Text(name) switch
        {
            null or "" => false,
            "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            var other => throw StreamingException.BadRequest($"{name}: invalid boolean \"{other}\""),
        };
    }
}
