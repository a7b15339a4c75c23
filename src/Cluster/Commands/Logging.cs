using Microsoft.Extensions.Logging;

namespace Cluster.Cli.Commands;

/// <summary>
/// The console logging of every command: single-line text, or one JSON object per line with <c>--log-format json</c>.
/// A line logged inside a traced request carries its TraceId and SpanId (as a scope, shown in JSON).
/// </summary>
internal static class Logging
{
    public static ILoggerFactory Create(string format) => LoggerFactory.Create(b =>
    {
        if (format == "json") b.AddJsonConsole(o => o.IncludeScopes = true);
        else b.AddSimpleConsole(o => o.SingleLine = true);
        b.AddFilter("Microsoft", LogLevel.Warning);
        b.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
    });
}
