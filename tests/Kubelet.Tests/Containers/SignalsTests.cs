using Cluster.Kubelet.Containers;
using Cluster.Kubelet.Containers.Runc;

namespace Cluster.Kubelet.Tests.Containers;

public sealed class SignalsTests
{
    [Theory]
    [InlineData(null, 15)]
    [InlineData("", 15)]
    [InlineData("SIGQUIT", 3)]
    [InlineData("quit", 3)]
    [InlineData("SIGKILL", 9)]
    [InlineData("2", 2)]
    [InlineData("SIGNOPE", 15)]
    public void Stop_signals_resolve_by_name_or_number(string? name, int number) => Assert.Equal(number, Signals.Number(name));

    [Fact]
    public void The_start_time_is_read_after_a_command_name_holding_spaces_and_parentheses()
    {
        var stat = "1234 (my (odd) cmd) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
        Assert.Equal(987654, ProcessStat.ParseStartTicks(stat));
        Assert.Null(ProcessStat.ParseStartTicks(stat.Replace(") S ", ") Z ", StringComparison.Ordinal)));
        Assert.Null(ProcessStat.ParseStartTicks("garbage"));
    }

    [Fact]
    public void This_process_has_a_start_time()
    {
        Assert.NotNull(ProcessStat.StartTicks(Environment.ProcessId));
        Assert.Null(ProcessStat.StartTicks(int.MaxValue));
    }
}
