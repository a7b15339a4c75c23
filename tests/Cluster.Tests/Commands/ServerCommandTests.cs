using System.Text.Json.Nodes;
using Cluster.TestKit;

namespace Cluster.Cli.Tests.Commands;

/// <summary><c>cluster server</c> as a user runs it, stopped with Ctrl+C.</summary>
public sealed class ServerCommandTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Server_with_log_format_json_writes_every_log_line_as_one_json_object()
    {
        using var dir = new TempDirectory("cluster-server");
        await using var server = ClusterProcess.Start("server", "--data-dir", dir.Path, "--port", "0", "--dns-port", "0", "--log-format", "json");
        await Eventually.TrueAsync(() => server.Output.Any(l => l.Contains("Serving the Kubernetes API", StringComparison.Ordinal)), Wait, "the server says it is serving");
        await server.InterruptAsync();
        Assert.Equal(0, await server.WaitForExitAsync(Wait));

        // The one line that is not a log: the shell line to use the admin kubeconfig.
        Assert.Single(server.Output, l => l.StartsWith("export KUBECONFIG=", StringComparison.Ordinal));
        var logs = server.Output.Where(l => !l.StartsWith("export KUBECONFIG=", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l) as JsonObject ?? throw new InvalidOperationException($"not a JSON object: {l}"))
            .ToList();
        Assert.All(logs, log =>
        {
            Assert.NotNull((string?)log["LogLevel"]);
            Assert.NotNull((string?)log["Category"]);
            Assert.NotNull((string?)log["Message"]);
        });
        var ready = Assert.Single(logs, l => ((string?)l["Message"])!.StartsWith("Serving the Kubernetes API on https://", StringComparison.Ordinal));
        Assert.Equal("Information", (string?)ready["LogLevel"]);
        Assert.Equal("server", (string?)ready["Category"]);
        Assert.StartsWith("https://127.0.0.1:", (string?)ready["State"]!["Url"], StringComparison.Ordinal);
        Assert.Contains(logs, l => (string?)l["Message"] == "Stopping");
    }

    [Theory]
    [InlineData("--node-cidr-mask-size", "8")]
    [InlineData("--node-cidr-mask-size", "31")]
    [InlineData("--cluster-cidr", "10.244.0.0")]
    [InlineData("--cluster-cidr", "fd00::/48")]
    public async Task Server_with_a_node_ipam_range_it_cannot_use_exits_with_a_usage_error(string flag, string value)
    {
        using var dir = new TempDirectory("cluster-server");
        await using var server = ClusterProcess.Start("server", "--data-dir", dir.Path, "--port", "0", "--disable-agent", flag, value);

        // 1: the flag does not parse (System.CommandLine's parse error); 2: it parses but the range cannot hold the nodes' CIDRs.
        Assert.InRange(await server.WaitForExitAsync(Wait), 1, 2);
        Assert.DoesNotContain(server.Output, l => l.Contains("Serving the Kubernetes API", StringComparison.Ordinal));
    }
}
