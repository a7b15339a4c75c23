using Microsoft.Extensions.Logging;

namespace Cluster.Cli.Commands;

/// <summary>
/// The console logging of every command: single-line text, or one JSON object per line with <c>--log-format json</c>.
/// A line logged inside a traced request carries its TraceId and SpanId (as a scope, shown in JSON).
/// </summary>
internal static class Logging
{
    public static System.CommandLine.Option<string> FormatOption()
    {
        var option = new System.CommandLine.Option<string>("--log-format")
        {
            Description = "Log format: text or json (default: text)",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    public static ILoggerFactory Create(string format) => LoggerFactory.Create(b =>
    {
        if (format == "json") b.AddJsonConsole(o => o.IncludeScopes = true);
        else b.AddSimpleConsole(o => o.SingleLine = true);
        b.AddFilter("Microsoft", LogLevel.Warning);
        // ASP.NET Core starts an Activity for every request whenever its hosting logger is enabled at any level, only
        // to correlate its own log lines; our request spans parse traceparent themselves and run only when traced.
        b.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        b.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
    });
}
