using System.Globalization;
using System.Text.RegularExpressions;

namespace Cluster.ApiServer.Strategies.Batch;

/// <summary>
/// Checks a CronJob schedule like robfig/cron's ParseStandard, which upstream validation uses: five fields
/// (minute, hour, day of month, month, day of week) with lists, ranges, steps, "*"/"?", month and weekday
/// names, or a descriptor (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every
/// &lt;duration&gt;). Returns null when valid, else the parser's error text.
/// </summary>
public static partial class CronSchedule
{
    private static readonly Dictionary<string, long> Months = new(StringComparer.Ordinal)
    {
        ["jan"] = 1, ["feb"] = 2, ["mar"] = 3, ["apr"] = 4, ["may"] = 5, ["jun"] = 6,
        ["jul"] = 7, ["aug"] = 8, ["sep"] = 9, ["oct"] = 10, ["nov"] = 11, ["dec"] = 12,
    };

    private static readonly Dictionary<string, long> Days = new(StringComparer.Ordinal)
    {
        ["sun"] = 0, ["mon"] = 1, ["tue"] = 2, ["wed"] = 3, ["thu"] = 4, ["fri"] = 5, ["sat"] = 6,
    };

    private static readonly (long Min, long Max, Dictionary<string, long>? Names)[] Bounds =
    [
        (0, 59, null), (0, 23, null), (1, 31, null), (1, 12, Months), (0, 6, Days),
    ];

    private static readonly string[] Descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    /// <summary>The parse error, or null for a valid schedule.</summary>
    public static string? Validate(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Length == 0)
        {
            return "empty spec string";
        }

        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                return "provided bad location " + spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..] + ": unknown time zone";
            }

            spec = spec[space..].Trim();
        }

        if (spec.StartsWith('@'))
        {
            return ValidateDescriptor(spec);
        }

        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return string.Create(CultureInfo.InvariantCulture, $"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]");
        }

        for (var i = 0; i < 5; i++)
        {
            foreach (var range in fields[i].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (ValidateRange(range, Bounds[i]) is { } error)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private static string? ValidateDescriptor(string spec)
    {
        if (Descriptors.Contains(spec))
        {
            return null;
        }

        const string every = "@every ";
        if (spec.StartsWith(every, StringComparison.Ordinal))
        {
            var duration = spec[every.Length..];
            return DurationRegex().IsMatch(duration) && duration != "-" && duration != "+"
                ? null
                : $"failed to parse duration {spec}: time: invalid duration \"{duration}\"";
        }

        return "unrecognized descriptor: " + spec;
    }

    private static string? ValidateRange(string expr, (long Min, long Max, Dictionary<string, long>? Names) bounds)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        long start, end;
        string? error;
        if (lowAndHigh[0] is "*" or "?")
        {
            (start, end) = (bounds.Min, bounds.Max);
        }
        else
        {
            if ((error = ParseIntOrName(lowAndHigh[0], bounds.Names, out start)) is not null)
            {
                return error;
            }

            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    if ((error = ParseIntOrName(lowAndHigh[1], bounds.Names, out end)) is not null)
                    {
                        return error;
                    }

                    break;
                default:
                    return "too many hyphens: " + expr;
            }
        }

        long step;
        switch (rangeAndStep.Length)
        {
            case 1:
                step = 1;
                break;
            case 2:
                if ((error = ParseInt(rangeAndStep[1], out step)) is not null)
                {
                    return error;
                }

                // "N/step" means "N-max/step".
                if (lowAndHigh.Length == 1)
                {
                    end = bounds.Max;
                }

                break;
            default:
                return "too many slashes: " + expr;
        }

        if (start < bounds.Min)
        {
            return Fmt($"beginning of range ({start}) below minimum ({bounds.Min}): {expr}");
        }

        if (end > bounds.Max)
        {
            return Fmt($"end of range ({end}) above maximum ({bounds.Max}): {expr}");
        }

        if (start > end)
        {
            return Fmt($"beginning of range ({start}) beyond end of range ({end}): {expr}");
        }

        return step == 0 ? "step of range should be a positive number: " + expr : null;
    }

    private static string? ParseIntOrName(string expr, Dictionary<string, long>? names, out long value)
    {
        if (names is not null && names.TryGetValue(expr.ToLowerInvariant(), out value))
        {
            return null;
        }

        return ParseInt(expr, out value);
    }

    // Go's strconv.Atoi with upstream's wrapping of its errors.
    private static string? ParseInt(string expr, out long value)
    {
        if (!AtoiRegex().IsMatch(expr))
        {
            value = 0;
            return $"failed to parse int from {expr}: strconv.Atoi: parsing \"{expr}\": invalid syntax";
        }

        if (!long.TryParse(expr, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return $"failed to parse int from {expr}: strconv.Atoi: parsing \"{expr}\": value out of range";
        }

        return value < 0 ? Fmt($"negative number ({value}) not allowed: {expr}") : null;
    }

    private static string Fmt(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[+-]?[0-9]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AtoiRegex();

    [GeneratedRegex("^[+-]?(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+\\z|^0\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DurationRegex();
}
