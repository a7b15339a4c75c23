using Microsoft.AspNetCore.Http;

namespace Cluster.Kubelet.Server.Channels;

/// <summary>The query of an exec or attach: <c>command</c> (repeated), <c>stdin</c>, <c>stdout</c>, <c>stderr</c>, <c>tty</c>.</summary>
public static class ExecQuery
{
    public static StreamRequest Streams(IQueryCollection query)
    {
        var streams = new StreamRequest(Flag(query, "stdin"), Flag(query, "stdout"), Flag(query, "stderr"), Flag(query, "tty"));
        if (!streams.Stdin && !streams.Stdout && !streams.Stderr)
            throw StreamingException.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        if (streams is { Tty: true, Stderr: true })
            throw StreamingException.BadRequest("tty and stderr cannot both be true");
        return streams;
    }

    public static IReadOnlyList<string> Command(IQueryCollection query)
    {
        var command = query.TryGetValue("command", out var values) ? values.Where(v => v is not null).Select(v => v!).ToArray() : [];
        return command.Length == 0 ? throw StreamingException.BadRequest("you must specify at least 1 command") : command;
    }

    private static bool Flag(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v) && v.ToString() is "1" or "true" or "True" or "TRUE" or "t" or "T";
}
