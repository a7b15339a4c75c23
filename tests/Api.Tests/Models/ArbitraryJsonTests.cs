using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api.ApiExtensions.V1;
using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Serialization;

namespace Cluster.Api.Tests.Models;

/// <summary>Fields that hold arbitrary JSON (RawExtension, FieldsV1, apiextensions JSON) keep it unchanged.</summary>
public sealed class ArbitraryJsonTests
{
    [Fact]
    public void Controller_revision_data_keeps_any_json()
    {
        var json = """{"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"r"},"data":{"spec":{"template":{"x":[1,2.5,"three",null,true,{"deep":{}}]}},"unknownTop":"kept"},"revision":3}""";

        var revision = JsonSerializer.Deserialize(json, ControllerRevision.JsonTypeInfo)!;

        Assert.Equal("kept", (string?)revision.Data!["unknownTop"]);
        AssertSameJson(json, JsonSerializer.Serialize(revision, ControllerRevision.JsonTypeInfo));
    }

    [Fact]
    public void Crd_schema_keeps_preserve_unknown_fields_defaults_enums_and_nested_schemas()
    {
        var json = """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"things.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"things","kind":"Thing"},
              "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
               "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true,
                "properties":{"spec":{"type":"object","default":{"size":"M","tags":["a"],"n":1.5},
                  "properties":{"size":{"type":"string","enum":["S","M",null,3]},
                   "items":{"type":"array","items":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}},
                   "labels":{"type":"object","additionalProperties":{"type":"string"}},
                   "open":{"type":"object","additionalProperties":true}},
                  "x-kubernetes-validations":[{"rule":"self.size != 'XL'","message":"too big"}]}}}}}]}}
            """;

        var crd = JsonSerializer.Deserialize(json, CustomResourceDefinition.JsonTypeInfo)!;

        var root = crd.Spec!.Versions![0].Schema!.OpenAPIV3Schema!;
        Assert.True(root.XKubernetesPreserveUnknownFields);
        var spec = root.Properties!["spec"];
        Assert.Equal("M", (string?)spec.Default!["size"]);
        Assert.Equal(4, spec.Properties!["size"].Enum!.Count);
        Assert.Null(spec.Properties["size"].Enum![2]);
        Assert.Equal(JsonValueKind.True, spec.Properties["open"].AdditionalProperties!.GetValueKind());
        AssertSameJson(json, JsonSerializer.Serialize(crd, CustomResourceDefinition.JsonTypeInfo));
    }

    [Fact]
    public void Managed_fields_keep_fields_v1()
    {
        var json = """{"name":"a","managedFields":[{"manager":"kubectl","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"k:{\"name\":\"c\"}":{".":{}}}}}]}""";

        var meta = JsonSerializer.Deserialize(json, ApiJsonContext.Default.MetaV1ObjectMeta)!;

        AssertSameJson(json, JsonSerializer.Serialize(meta, ApiJsonContext.Default.MetaV1ObjectMeta));
    }

    [Fact]
    public void Unknown_fields_of_typed_objects_are_dropped_as_kubernetes_does()
    {
        var pod = JsonSerializer.Deserialize("""{"kind":"Pod","spec":{"containers":[{"name":"c","bogus":1}],"nodeNmae":"typo"}}""", Pod.JsonTypeInfo)!;

        Assert.Equal("""{"kind":"Pod","spec":{"containers":[{"name":"c"}]}}""", JsonSerializer.Serialize(pod, Pod.JsonTypeInfo));
    }

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\n got {actual}");
}
