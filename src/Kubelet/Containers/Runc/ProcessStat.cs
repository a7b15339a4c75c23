using System.Globalization;

namespace Cluster.Kubelet.Containers.Runc;

/// <summary>Reads /proc/PID/stat: a process's start time tells a live container init from a later process with its pid.</summary>
public static class ProcessStat
{
    /// <summary>Field 22 (starttime, clock ticks after boot), or null when the process does not exist.</summary>
    public static long? StartTicks(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return ParseStartTicks(text);
    }

    public static long? ParseStartTicks(string stat)
    {
        // The command name (field 2) is in parentheses and may itself hold spaces and ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0) return null;
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state); starttime is field 22. A zombie is not alive.
        if (fields.Length < 20 || fields[0] == "Z") return null;
        return long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }
}
