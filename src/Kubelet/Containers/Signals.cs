using System.Globalization;

namespace Cluster.Kubelet.Containers;

/// <summary>Signal names as images declare them (STOPSIGNAL "SIGQUIT", "QUIT" or "3") and their Linux numbers.</summary>
public static class Signals
{
    public const int Term = 15;
    public const int Kill = 9;

    private static readonly Dictionary<string, int> Numbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ILL"] = 4, ["TRAP"] = 5, ["ABRT"] = 6, ["BUS"] = 7, ["FPE"] = 8, ["KILL"] = 9,
        ["USR1"] = 10, ["SEGV"] = 11, ["USR2"] = 12, ["PIPE"] = 13, ["ALRM"] = 14, ["TERM"] = 15, ["STKFLT"] = 16, ["CHLD"] = 17,
        ["CONT"] = 18, ["STOP"] = 19, ["TSTP"] = 20, ["TTIN"] = 21, ["TTOU"] = 22, ["URG"] = 23, ["XCPU"] = 24, ["XFSZ"] = 25,
        ["VTALRM"] = 26, ["PROF"] = 27, ["WINCH"] = 28, ["IO"] = 29, ["PWR"] = 30, ["SYS"] = 31,
    };

    /// <summary>The number of a signal name; SIGTERM for null, empty or unknown names.</summary>
    public static int Number(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return Term;
        var trimmed = name.Trim();
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 65) return n;
        if (trimmed.StartsWith("SIG", StringComparison.OrdinalIgnoreCase)) trimmed = trimmed[3..];
        return Numbers.GetValueOrDefault(trimmed, Term);
    }
}
