using System.Text;
using Cluster.Kubelet.Logs;

namespace Cluster.Kubelet.Tests.Shim;

/// <summary>Reads a CRI log file the shim wrote with the kubelet's own parser; every line must parse.</summary>
public static class CriLogFile
{
    public static List<CriLogLine> Read(string path)
    {
        var bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
        var lines = new List<CriLogLine>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            var line = bytes.AsMemory(start, i - start);
            Assert.True(CriLogLine.TryParse(line, out var parsed), $"not a CRI log line: {Encoding.UTF8.GetString(line.Span)}");
            lines.Add(parsed);
            start = i + 1;
        }
        Assert.True(start == bytes.Length, "the log ends with an unterminated line");
        return lines;
    }

    public static string Text(CriLogLine line) => Encoding.UTF8.GetString(line.Content.Span);
}
