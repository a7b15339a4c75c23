using Cluster.ApiServer.Apply;
using Cluster.ApiServer.Schema;
using static Cluster.ApiServer.Tests.Apply.ApplyFixtures;

namespace Cluster.ApiServer.Tests.Apply;

public sealed class FieldSetBuilderTests
{
    private static string FieldsOf(string obj, SchemaNode schema, SchemaDefaults? defaults = null) =>
        Compact(FieldSetBuilder.FromObject(Parse(obj), schema, defaults ?? Defaults).ToFieldsV1());

    [Fact]
    public void A_deployment_config_sets_leaves_list_map_items_and_atomic_selector()
    {
        var expected = """
            {"f:apiVersion":{},"f:kind":{},"f:metadata":{"f:labels":{"f:app":{}},"f:name":{},"f:namespace":{}},
             "f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
               "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{},
                 "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}
            """;

        Assert.Equal(Compact(expected), FieldsOf(NginxDeployment, Deployment));
    }

    [Fact]
    public void Without_schema_defaults_a_missing_key_field_is_left_out_of_the_key()
    {
        var fields = FieldsOf(NginxDeployment, Deployment, SchemaDefaults.None);

        Assert.Contains("""k:{\"containerPort\":80}""", fields, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_entries_null_values_and_empty_objects_are_members()
    {
        var fields = FieldsOf("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","annotations":{}},"data":{"a":"1","b":"2"},"binaryData":null}""", ConfigMap);

        Assert.Equal(Compact("""{"f:apiVersion":{},"f:binaryData":{},"f:data":{"f:a":{},"f:b":{}},"f:kind":{},"f:metadata":{"f:annotations":{},"f:name":{}}}"""), fields);
    }

    [Fact]
    public void Sets_use_values_atomic_lists_are_leaves_and_empty_granular_lists_add_nothing()
    {
        var deployment = """
            {"metadata":{"finalizers":["b.example.com","a.example.com"],"ownerReferences":[]},
             "spec":{"template":{"spec":{"containers":[{"name":"c","args":["x","y"],"resources":{"limits":{"cpu":"1"}}}],"volumes":[]}}}}
            """;

        Assert.Equal(
            Compact("""
                {"f:metadata":{"f:finalizers":{"v:\"a.example.com\"":{},"v:\"b.example.com\"":{}}},
                 "f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:args":{},"f:name":{},"f:resources":{"f:limits":{"f:cpu":{}}}}}}}}}
                """),
            FieldsOf(deployment, Deployment));
    }

    [Fact]
    public void Int_or_string_values_are_leaves()
    {
        var fields = FieldsOf("""{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"}}}}""", Deployment);

        Assert.Equal(Compact("""{"f:spec":{"f:strategy":{"f:rollingUpdate":{"f:maxSurge":{},"f:maxUnavailable":{}}}}}"""), fields);
    }

    [Fact]
    public void Service_ports_are_keyed_by_port_and_defaulted_protocol()
    {
        var fields = FieldsOf("""{"spec":{"ports":[{"port":443,"name":"https"},{"port":53,"protocol":"UDP"}]}}""", Service);

        Assert.Equal(
            Compact("""{"f:spec":{"f:ports":{"k:{\"port\":53,\"protocol\":\"UDP\"}":{".":{},"f:port":{},"f:protocol":{}},"k:{\"port\":443,\"protocol\":\"TCP\"}":{".":{},"f:name":{},"f:port":{}}}}}"""),
            fields);
    }

    [Fact]
    public void Unknown_subtrees_are_granular_maps_with_atomic_lists()
    {
        var schema = SchemaNode.FromJsonSchema(Parse("""
            {"type":"object","properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}
            """));

        var fields = Compact(FieldSetBuilder.FromObject(Parse("""{"spec":{"a":{"b":1,"c":[1,2]},"d":"x"}}"""), schema).ToFieldsV1());

        Assert.Equal(Compact("""{"f:spec":{"f:a":{".":{},"f:b":{},"f:c":{}},"f:d":{}}}"""), fields);
    }

    [Fact]
    public void A_merge_patch_strategy_without_list_type_keys_items_by_the_merge_key()
    {
        var schema = SchemaNode.FromJsonSchema(Parse("""
            {"type":"object","properties":{
              "items":{"type":"array","x-kubernetes-patch-strategy":"merge","x-kubernetes-patch-merge-key":"id","items":{"type":"object","properties":{"id":{"type":"string"},"v":{"type":"string"}}}},
              "tags":{"type":"array","x-kubernetes-patch-strategy":"merge","items":{"type":"string"}},
              "plain":{"type":"array","items":{"type":"string"}}}}
            """));

        var fields = Compact(FieldSetBuilder.FromObject(Parse("""{"items":[{"id":"a","v":"1"}],"tags":["t"],"plain":["p"]}"""), schema).ToFieldsV1());

        Assert.Equal(Compact("""{"f:items":{"k:{\"id\":\"a\"}":{".":{},"f:id":{},"f:v":{}}},"f:plain":{},"f:tags":{"v:\"t\"":{}}}"""), fields);
    }

    [Fact]
    public void Duplicated_items_are_owned_whole()
    {
        var fields = FieldsOf("""{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"},{"name":"a","image":"y"}]}}}}""", Deployment);

        Assert.Equal(Compact("""{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"a\"}":{}}}}}}"""), fields);
    }

    [Theory]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}""", ".spec.template.spec.containers: element 0: associative list with keys has an element that omits all key fields [\"name\"] (and doesn't have default values for any key fields)")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[null]}}}}""", ".spec.template.spec.containers: element 0: associative list with keys may not have a null element")]
    [InlineData("""{"metadata":{"finalizers":["a",{"b":1}]}}""", ".metadata.finalizers: element 1: associative list without keys has an element that's a map type")]
    public void Unidentifiable_items_are_rejected(string obj, string message)
    {
        var error = Assert.Throws<ApplyException>(() => FieldSetBuilder.FromObject(Parse(obj), Deployment));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Zero_value_of_a_deployment_holds_struct_fields_and_required_fields()
    {
        var zero = Defaults.ZeroValue(Deployment);

        Assert.Equal(
            Compact("""
                {"metadata":{"creationTimestamp":null},
                 "spec":{"selector":null,"strategy":{},"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":null}}},
                 "status":{}}
                """),
            Compact(zero));
    }
}
