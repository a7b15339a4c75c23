using System.Text.Json.Nodes;
using Cluster.ApiServer.Apply;
using static Cluster.ApiServer.Tests.Apply.ApplyFixtures;

namespace Cluster.ApiServer.Tests.Apply;

public sealed class FieldsV1Tests
{
    // As kube-apiserver records a Deployment created by kubectl's client-side apply (fieldsV1 of its Update entry).
    private const string ClientSideApplyDeployment = """
        {"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}},"f:labels":{".":{},"f:app":{}}},
         "f:spec":{"f:progressDeadlineSeconds":{},"f:replicas":{},"f:revisionHistoryLimit":{},"f:selector":{},
           "f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{},"f:maxUnavailable":{}},"f:type":{}},
           "f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
             "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:imagePullPolicy":{},"f:name":{},
                 "f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},"f:protocol":{}}},
                 "f:resources":{},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}}},
               "f:dnsPolicy":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:terminationGracePeriodSeconds":{}}}}}
        """;

    // The upstream documentation's ConfigMap example, and a set with set items and list indexes.
    [Theory]
    [InlineData("""{"f:data":{"f:key":{}},"f:metadata":{"f:labels":{"f:test-label":{}}}}""")]
    [InlineData("""{"f:spec":{"f:replicas":{}}}""")]
    [InlineData(ClientSideApplyDeployment)]
    [InlineData("""{"f:metadata":{"f:finalizers":{".":{},"v:\"a.example.com/x\"":{},"v:\"b\"":{}}},"f:spec":{"f:args":{"i:0":{},"i:10":{}}}}""")]
    [InlineData("""{"f:spec":{"f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{},"f:port":{}},"k:{\"port\":443,\"protocol\":\"TCP\"}":{".":{},"f:port":{}}}}}""")]
    public void Encoding_a_decoded_set_reproduces_the_api_servers_bytes(string fieldsV1)
    {
        var set = FieldSet.FromFieldsV1(Parse(fieldsV1));

        Assert.Equal(Compact(fieldsV1), Compact(set.ToFieldsV1()));
    }

    [Fact]
    public void Keys_are_written_in_path_element_order_whatever_the_input_order()
    {
        var set = FieldSet.FromFieldsV1(Parse("""{"i:1":{},"k:{\"b\":1}":{},"v:2":{},"f:z":{},"f:a":{"f:y":{},".":{}},"k:{\"a\":2}":{},"v:\"s\"":{}}"""));

        Assert.Equal("""{"f:a":{".":{},"f:y":{}},"f:z":{},"k:{\"a\":2}":{},"k:{\"b\":1}":{},"v:2":{},"v:\"s\"":{},"i:1":{}}""", Compact(set.ToFieldsV1()));
    }

    [Fact]
    public void List_keys_order_numerically_and_key_fields_are_sorted_by_name()
    {
        var set = FieldSet.Of(
            FieldPath.Of(PathElement.Field("ports"), PathElement.Key(("protocol", "TCP"), ("port", 443))),
            FieldPath.Of(PathElement.Field("ports"), PathElement.Key(("protocol", "TCP"), ("port", 80))));

        Assert.Equal("""{"f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{},"k:{\"port\":443,\"protocol\":\"TCP\"}":{}}}""", Compact(set.ToFieldsV1()));
    }

    [Fact]
    public void A_member_with_children_gets_a_dot_entry_and_a_bare_member_an_empty_object()
    {
        var labels = FieldPath.Of("metadata", "labels");
        var set = FieldSet.Of(labels, labels.Append(PathElement.Field("app")), FieldPath.Of("spec", "paused"));

        Assert.Equal("""{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:paused":{}}}""", Compact(set.ToFieldsV1()));
        Assert.True(set.Contains(labels));
        Assert.False(set.Contains(FieldPath.Of("metadata")));
    }

    [Fact]
    public void Numbers_decoded_as_floats_identify_the_same_item()
    {
        var decoded = FieldSet.FromFieldsV1(Parse("""{"k:{\"containerPort\":80.0}":{}}"""));

        Assert.True(decoded.Contains(FieldPath.Of(PathElement.Key(("containerPort", 80)))));
        Assert.Equal("""{"k:{\"containerPort\":80}":{}}""", Compact(decoded.ToFieldsV1()));
    }

    [Fact]
    public void Unknown_element_prefixes_are_dropped_with_their_subtree()
    {
        var set = FieldSet.FromFieldsV1(Parse("""{"f:a":{},"x:future":{"f:b":{}},"f:c":{"y:z":{}}}"""));

        // "f:c" only held an unknown child, so it reads back as a plain member.
        Assert.Equal("""{"f:a":{},"f:c":{}}""", Compact(set.ToFieldsV1()));
    }

    [Fact]
    public void A_child_holding_only_a_dot_is_a_plain_member() =>
        Assert.Equal("""{"f:a":{}}""", Compact(FieldSet.FromFieldsV1(Parse("""{"f:a":{".":{}}}""")).ToFieldsV1()));

    [Theory]
    [InlineData("""{"f":{}}""")]
    [InlineData("""{"fa":{}}""")]
    [InlineData("""{"k:[1]":{}}""")]
    [InlineData("""{"k:{\"a\":":{}}""")]
    [InlineData("""{"v:":{}}""")]
    [InlineData("""{"i:x":{}}""")]
    [InlineData("""{"f:a":1}""")]
    [InlineData("""{"f:a":{"f:b":"x"}}""")]
    public void Malformed_fields_v1_is_rejected(string fieldsV1) =>
        Assert.Throws<FormatException>(() => FieldSet.FromFieldsV1(Parse(fieldsV1)));

    [Theory]
    [InlineData("f:spec", ".spec")]
    [InlineData("""k:{"name":"nginx"}""", """[name="nginx"]""")]
    [InlineData("""k:{"containerPort":80,"protocol":"TCP"}""", """[containerPort=80,protocol="TCP"]""")]
    [InlineData("""v:"finalizer.example.com/x" """, """[="finalizer.example.com/x"]""")]
    [InlineData("v:true", "[=true]")]
    [InlineData("i:3", "[3]")]
    public void Path_elements_print_like_structured_merge_diff(string key, string printed) =>
        Assert.Equal(printed, PathElement.Parse(key.TrimEnd()).ToString());

    [Theory]
    [InlineData("a<b>&c", """k:{"name":"a\u003cb\u003e\u0026c"}""")]
    [InlineData("quote\"back\\", """k:{"name":"quote\"back\\"}""")]
    [InlineData("tab\there", """k:{"name":"tab\there"}""")]
    [InlineData("ünïcode", """k:{"name":"ünïcode"}""")]
    public void Key_values_are_escaped_as_go_json(string name, string expected) =>
        Assert.Equal(expected, PathElement.Key(("name", name)).ToFieldsV1Key());

    [Theory]
    [InlineData("1.5", "v:1.5", "[=1.5]")]
    [InlineData("100.0", "v:100", "[=100]")]
    [InlineData("-0.5", "v:-0.5", "[=-0.5]")]
    [InlineData("123456789.125", "v:123456789.125", "[=1.23456789125e+08]")]
    [InlineData("1e21", "v:1e+21", "[=1e+21]")]
    [InlineData("0.0000001", "v:1e-7", "[=1e-07]")]
    [InlineData("0.00001", "v:0.00001", "[=1e-05]")]
    [InlineData("12", "v:12", "[=12]")]
    public void Numbers_are_written_as_go_writes_them(string number, string key, string printed)
    {
        var element = PathElement.SetValue(JsonNode.Parse(number));

        Assert.Equal(key, element.ToFieldsV1Key());
        Assert.Equal(printed, element.ToString());
    }

    [Fact]
    public void Field_names_are_written_raw()
    {
        Assert.Equal("f:kubectl.kubernetes.io/last-applied-configuration", PathElement.Field("kubectl.kubernetes.io/last-applied-configuration").ToFieldsV1Key());
        Assert.Equal(".spec.containers[name=\"nginx\"].image", FieldPath.Of(PathElement.Field("spec"), PathElement.Field("containers"), PathElement.Key(("name", "nginx")), PathElement.Field("image")).ToString());
    }

    [Fact]
    public void Element_kinds_sort_fields_then_keys_then_values_then_indexes()
    {
        PathElement[] sorted = [PathElement.Field("a"), PathElement.Field("b"), PathElement.Key(("a", 1)), PathElement.SetValue(JsonValue.Create(1)), PathElement.SetValue(JsonValue.Create("a")), PathElement.ListIndex(0)];
        var shuffled = sorted.Reverse().ToList();
        shuffled.Sort();

        Assert.Equal(sorted, shuffled);
    }
}
