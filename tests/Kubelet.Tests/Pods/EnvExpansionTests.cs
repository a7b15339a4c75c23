using Cluster.Kubelet.Pods;

namespace Cluster.Kubelet.Tests.Pods;

public sealed class EnvExpansionTests
{
    private static readonly Dictionary<string, string> Vars = new() { ["VAR_A"] = "A", ["VAR_B"] = "B", ["EMPTY"] = "" };

    [Theory]
    [InlineData("$(VAR_A)", "A")]
    [InlineData("___$(VAR_B)___", "___B___")]
    [InlineData("$(VAR_A)-$(VAR_A)", "A-A")]
    [InlineData("$(VAR_DNE)", "$(VAR_DNE)")]
    [InlineData("$$(VAR_A)", "$(VAR_A)")]
    [InlineData("$$$(VAR_A)", "$A")]
    [InlineData("$(VAR_A", "$(VAR_A")]
    [InlineData("$VAR_A", "$VAR_A")]
    [InlineData("$", "$")]
    [InlineData("$()", "$()")]
    [InlineData("$$$$", "$$")]
    [InlineData("f000-$$VAR_A", "f000-$VAR_A")]
    [InlineData("$(EMPTY)x", "x")]
    [InlineData("plain text", "plain text")]
    [InlineData("$(VAR_A $(VAR_B)", "$(VAR_A $(VAR_B)")]
    [InlineData("$(VAR_A)$(VAR_B)$", "AB$")]
    public void References_expand_as_kubernetes_does(string input, string expected) =>
        Assert.Equal(expected, EnvExpansion.Expand(input, name => Vars.GetValueOrDefault(name)));
}
