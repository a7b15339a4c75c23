using System.Text;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Http;

namespace Cluster.ApiServer.Tests.Http;

public sealed class YamlBodyTests
{
    [Fact]
    public void Plain_scalars_are_typed_and_quoted_ones_stay_strings()
    {
        var obj = YamlBody.ParseObject(Encoding.UTF8.GetBytes("""
            a: 1
            b: "1"
            c: true
            d: 'yes'
            e: null
            f: 1.5
            g: [x, 2]
            h: 0755
            """));
        Assert.Equal("""{"a":1,"b":"1","c":true,"d":"yes","e":null,"f":1.5,"g":["x",2],"h":493}""", obj.ToJsonString());
    }

    [Theory]
    [InlineData("a: [")]
    [InlineData("- just\n- a list")]
    [InlineData("a: 1\n---\nb: 2")]
    public void Malformed_or_non_object_yaml_is_400(string yaml)
    {
        var e = Assert.Throws<ApiException>(() => YamlBody.ParseObject(Encoding.UTF8.GetBytes(yaml)));
        Assert.Equal(400, e.Code);
    }

    [Fact]
    public void Alias_bombs_are_refused()
    {
        var yaml = new StringBuilder("a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n");
        for (var i = 1; i < 9; i++) yaml.Append($"a{i}: &a{i} [*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1}]\n");
        var e = Assert.Throws<ApiException>(() => YamlBody.ParseObject(Encoding.UTF8.GetBytes(yaml.ToString())));
        Assert.Equal(400, e.Code);
    }

    [Fact]
    public void Json_is_yaml_too() =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":{"b":[1,"2"]}}"""), YamlBody.ParseObject("""{"a":{"b":[1,"2"]}}"""u8)));
}
