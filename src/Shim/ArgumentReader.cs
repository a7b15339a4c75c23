using System.Globalization;

namespace Cluster.Shim;

/// <summary>Walks <c>--name value</c> and <c>--flag</c> arguments; the one parser both commands share.</summary>
internal sealed class ArgumentReader(string[] args, int start)
{
    private int next = start;

    /// <summary>The next option name (e.g. <c>--id</c>), <c>--</c>, or null at the end.</summary>
    public string? NextOption()
    {
        if (next >= args.Length) return null;
        var arg = args[next++];
        if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"unexpected argument \"{arg}\"");
        return arg;
    }

    public string Value(string option)
    {
        if (next >= args.Length) throw new UsageException($"{option} needs a value");
        return args[next++];
    }

    public long Size(string option)
    {
        var text = Value(option);
        var (digits, multiplier) = text switch
        {
            _ when text.EndsWith("Ki", StringComparison.Ordinal) => (text[..^2], 1L << 10),
            _ when text.EndsWith("Mi", StringComparison.Ordinal) => (text[..^2], 1L << 20),
            _ when text.EndsWith("Gi", StringComparison.Ordinal) => (text[..^2], 1L << 30),
            _ => (text, 1L),
        };
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > long.MaxValue / multiplier)
            throw new UsageException($"{option}: \"{text}\" is not a positive size (bytes, or with Ki, Mi, Gi)");
        return value * multiplier;
    }

    public int Count(string option)
    {
        var text = Value(option);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new UsageException($"{option}: \"{text}\" is not a positive number");
        return value;
    }

    /// <summary>Everything after <c>--</c>.</summary>
    public string[] Rest()
    {
        var rest = args[next..];
        next = args.Length;
        return rest;
    }

    public static string Required(string? value, string option) =>
        string.IsNullOrEmpty(value) ? throw new UsageException($"{option} is required") : value;
}
