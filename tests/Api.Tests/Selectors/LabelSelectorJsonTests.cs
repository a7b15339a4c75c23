using System.Text.Json.Nodes;
using Cluster.Api.Selectors;

namespace Cluster.Api.Tests.Selectors;

public class LabelSelectorJsonTests
{
    private static LabelSelector FromJson(string json) => LabelSelector.FromJson(JsonNode.Parse(json)!.AsObject());

    [Fact]
    public void Null_selector_matches_nothing()
    {
        Assert.Same(LabelSelector.Nothing, LabelSelector.FromJson(null));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"matchLabels":{}}""")]
    [InlineData("""{"matchLabels":{},"matchExpressions":[]}""")]
    [InlineData("""{"matchLabels":null}""")]
    public void Empty_selector_matches_everything(string json)
    {
        var s = FromJson(json);
        Assert.True(s.IsEverything);
        Assert.True(s.Matches(new Dictionary<string, string> { ["any"] = "thing" }));
    }

    [Fact]
    public void MatchLabels_become_equality_requirements()
    {
        var s = FromJson("""{"matchLabels":{"tier":"web","app":"shop"}}""");
        Assert.Equal("app=shop,tier=web", s.ToString());
        Assert.All(s.Requirements, r => Assert.Equal(LabelOperator.Equal, r.Operator));
    }

    [Fact]
    public void MatchExpressions_support_the_four_operators()
    {
        var s = FromJson("""
            {"matchLabels":{"app":"shop"},"matchExpressions":[
              {"key":"env","operator":"In","values":["prod","dev"]},
              {"key":"zone","operator":"NotIn","values":["a"]},
              {"key":"ready","operator":"Exists"},
              {"key":"canary","operator":"DoesNotExist","values":[]}]}
            """);
        Assert.Equal("app=shop,!canary,env in (dev,prod),ready,zone notin (a)", s.ToString());
        Assert.True(s.Matches(new Dictionary<string, string> { ["app"] = "shop", ["env"] = "dev", ["ready"] = "" }));
        Assert.False(s.Matches(new Dictionary<string, string> { ["app"] = "shop", ["env"] = "dev", ["ready"] = "", ["canary"] = "1" }));
        Assert.False(s.Matches(new Dictionary<string, string> { ["app"] = "shop", ["env"] = "dev" }));
        Assert.False(s.Matches(new Dictionary<string, string> { ["app"] = "shop", ["env"] = "dev", ["ready"] = "", ["zone"] = "a" }));
    }

    [Fact]
    public void Json_string_round_trips_through_the_string_form()
    {
        var s = FromJson("""{"matchExpressions":[{"key":"env","operator":"In","values":["b","a"]}]}""");
        Assert.Equal(s.ToString(), LabelSelector.Parse(s.ToString()).ToString());
    }

    [Theory]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}""", "\"Gt\" is not a valid label selector operator")]
    [InlineData("""{"matchExpressions":[{"key":"a"}]}""", "\"\" is not a valid label selector operator")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"In"}]}""", "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"NotIn","values":[]}]}""", "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]}""", "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not exist")]
    public void Invalid_expressions_fail_with_upstream_messages(string json, string message)
    {
        Assert.Equal(message, Assert.Throws<SelectorParseException>(() => FromJson(json)).Message);
    }

    [Fact]
    public void Invalid_keys_and_values_are_rejected()
    {
        Assert.StartsWith("key: Invalid value: \"bad key\"",
            Assert.Throws<SelectorParseException>(() => FromJson("""{"matchLabels":{"bad key":"v"}}""")).Message, StringComparison.Ordinal);
        Assert.StartsWith("values[0][k]: Invalid value: \"bad value\"",
            Assert.Throws<SelectorParseException>(() => FromJson("""{"matchLabels":{"k":"bad value"}}""")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"matchLabels":[]}""")]
    [InlineData("""{"matchExpressions":{}}""")]
    [InlineData("""{"matchExpressions":[1]}""")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"In","values":"x"}]}""")]
    [InlineData("""{"matchLabels":{"a":1}}""")]
    public void Malformed_json_shapes_are_rejected(string json)
    {
        Assert.Throws<SelectorParseException>(() => FromJson(json));
    }
}
