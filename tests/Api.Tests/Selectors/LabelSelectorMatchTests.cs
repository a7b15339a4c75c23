using System.Text.Json.Nodes;
using Cluster.Api.Selectors;

namespace Cluster.Api.Tests.Selectors;

public class LabelSelectorMatchTests
{
    private static Dictionary<string, string> Labels(params string[] pairs) =>
        pairs.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    [Theory]
    [InlineData("", "x=y")]
    [InlineData("x=y", "x=y")]
    [InlineData("x==y", "x=y")]
    [InlineData("x=y,z=w", "x=y", "z=w")]
    [InlineData("x!=y,z!=w", "x=z", "z=a")]
    [InlineData("x!=y")]
    [InlineData("notin=in", "notin=in")]
    [InlineData("x", "x=z")]
    [InlineData("x", "x=")]
    [InlineData("!x", "y=z")]
    [InlineData("x>1", "x=2")]
    [InlineData("x<1", "x=0")]
    [InlineData("x<1", "x=-5")]
    [InlineData("x in (a,b)", "x=b")]
    [InlineData("x notin (a,b)", "x=c")]
    [InlineData("x notin (a,b)")]
    [InlineData("x notin ()", "y=")]
    [InlineData("x=", "x=")]
    [InlineData("foo=bar,baz=blah", "foo=bar", "baz=blah")]
    public void Matches(string selector, params string[] labels)
    {
        Assert.True(LabelSelector.Parse(selector).Matches(Labels(labels)));
    }

    [Theory]
    [InlineData("x=z")]
    [InlineData("x=y", "x=z")]
    [InlineData("x=y,z=w", "x=w", "z=w")]
    [InlineData("x!=y,z!=w", "x=z", "z=w")]
    [InlineData("x", "y=z")]
    [InlineData("!x", "x=z")]
    [InlineData("x>1", "x=0")]
    [InlineData("x>1", "x=v2")]
    [InlineData("x>1")]
    [InlineData("x<1", "x=2")]
    [InlineData("x in (a,b)", "x=c")]
    [InlineData("x in (a,b)")]
    [InlineData("x in ()", "y=baz")]
    [InlineData("x notin (a,b)", "x=a")]
    [InlineData("x=", "y=")]
    [InlineData("foo=bar,foobar=bar,baz=blah", "foo=bar", "baz=blah")]
    public void Does_not_match(string selector, params string[] labels)
    {
        Assert.False(LabelSelector.Parse(selector).Matches(Labels(labels)));
    }

    [Fact]
    public void In_operator_matches_any_listed_value()
    {
        var s = LabelSelector.Parse("env in (dev,prod)");
        Assert.True(s.Matches(Labels("env=dev")));
        Assert.True(s.Matches(Labels("env=prod")));
        Assert.False(s.Matches(Labels("env=test")));
    }

    [Fact]
    public void Null_labels_are_no_labels()
    {
        Assert.True(LabelSelector.Parse("!a").Matches((IReadOnlyDictionary<string, string>?)null));
        Assert.False(LabelSelector.Parse("a").Matches((JsonObject?)null));
        Assert.True(LabelSelector.Everything.Matches((JsonObject?)null));
    }

    [Theory]
    [InlineData("app=web,tier!=db", true)]
    [InlineData("app in (api,web),!canary", true)]
    [InlineData("empty=", true)]
    [InlineData("empty", true)]
    [InlineData("app=api", false)]
    [InlineData("missing", false)]
    [InlineData("replicas>2", true)]
    [InlineData("replicas<3", false)]
    public void Matches_a_metadata_labels_json_object(string selector, bool expected)
    {
        var labels = JsonNode.Parse("""{"app":"web","tier":"frontend","empty":"","replicas":"3"}""")!.AsObject();
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(labels));
    }

    [Fact]
    public void Nothing_matches_nothing_and_prints_empty()
    {
        Assert.False(LabelSelector.Nothing.Matches(Labels("a=b")));
        Assert.False(LabelSelector.Nothing.Matches(new JsonObject()));
        Assert.False(LabelSelector.Nothing.IsEverything);
        Assert.True(LabelSelector.Nothing.IsNothing);
        Assert.Equal("", LabelSelector.Nothing.ToString());
    }

    [Theory]
    [InlineData("app=web", "app", true, "web")]
    [InlineData("app==web", "app", true, "web")]
    [InlineData("app in (web)", "app", true, "web")]
    [InlineData("app in (a,b)", "app", false, "")]
    [InlineData("app!=web", "app", false, "")]
    [InlineData("app", "app", false, "")]
    [InlineData("other=x,app=web", "app", true, "web")]
    [InlineData("other=x", "app", false, "")]
    public void TryGetExact_reports_single_required_values(string selector, string key, bool found, string value)
    {
        Assert.Equal(found, LabelSelector.Parse(selector).TryGetExact(key, out var actual));
        Assert.Equal(value, actual);
    }

    [Fact]
    public void FromSet_requires_every_pair()
    {
        var s = LabelSelector.FromSet(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
        Assert.Equal("a=1,b=2", s.ToString());
        Assert.True(s.Matches(Labels("a=1", "b=2", "c=3")));
        Assert.False(s.Matches(Labels("a=1")));
        Assert.True(LabelSelector.FromSet(new Dictionary<string, string>()).IsEverything);
    }

    [Fact]
    public void Selectors_can_be_shared_between_threads()
    {
        var s = LabelSelector.Parse("app=web,env in (dev,prod),!canary");
        var results = new bool[64];
        Parallel.For(0, results.Length, i => results[i] = s.Matches(Labels("app=web", i % 2 == 0 ? "env=dev" : "env=test")));
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 2 == 0, results[i]);
        }
    }
}
