using System.Text.Json;
using System.Xml.Linq;
using Cluster.Api.ApiExtensions.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;

namespace Cluster.Api.Tests.Models;

/// <summary>Naming, doc comments and type-info names of the generated records.</summary>
public sealed class GeneratedModelShapeTests
{
    [Fact]
    public void Member_named_like_its_record_gets_a_value_suffix_and_keeps_its_json_name()
    {
        Assert.Equal("""{"status":"Failure"}""", JsonSerializer.Serialize(new Status { StatusValue = "Failure" }, Status.JsonTypeInfo));
        Assert.Equal("""{"containerPort":80}""", JsonSerializer.Serialize(new ContainerPort { ContainerPortValue = 80 }, ApiJsonContext.Default.CoreV1ContainerPort));
    }

    [Fact]
    public void Dollar_and_dashed_json_names_map_to_pascal_case_members()
    {
        var schema = new JSONSchemaProps { Ref = "#/definitions/x", XKubernetesListType = "map", XKubernetesListMapKeys = ["name"] };

        Assert.Equal(
            """{"$ref":"#/definitions/x","x-kubernetes-list-map-keys":["name"],"x-kubernetes-list-type":"map"}""",
            JsonSerializer.Serialize(schema, ApiJsonContext.Default.ApiExtensionsV1JSONSchemaProps));
    }

    [Fact]
    public void Records_with_the_same_name_in_two_groups_have_separate_type_infos()
    {
        var v1 = new Autoscaling.V1.CrossVersionObjectReference { Kind = "Deployment", Name = "a" };
        var v2 = new Autoscaling.V2.CrossVersionObjectReference { Kind = "Deployment", Name = "a" };

        Assert.Equal(typeof(Autoscaling.V1.CrossVersionObjectReference), ApiJsonContext.Default.AutoscalingV1CrossVersionObjectReference.Type);
        Assert.Equal(
            JsonSerializer.Serialize(v1, ApiJsonContext.Default.AutoscalingV1CrossVersionObjectReference),
            JsonSerializer.Serialize(v2, ApiJsonContext.Default.AutoscalingV2CrossVersionObjectReference));
        Assert.NotEqual(Event.Info, Events.V1.Event.Info);
    }

    [Fact]
    public void Records_are_immutable_values_changed_with_with_expressions()
    {
        var pod = new Pod { Metadata = new ObjectMeta { Name = "a", Labels = new Dictionary<string, string> { ["app"] = "web" } } };

        var renamed = pod with { Metadata = pod.Metadata with { Name = "b" } };

        Assert.Equal("a", pod.Metadata.Name);
        Assert.Equal("b", renamed.Metadata!.Name);
        Assert.Same(pod.Metadata.Labels, renamed.Metadata.Labels);
    }

    [Theory]
    [InlineData("T:Cluster.Api.Core.V1.Pod", "Pod is a collection of containers that can run on a host.")]
    [InlineData("P:Cluster.Api.Core.V1.Container.Name", "Name of the container specified as a DNS_LABEL. Required.")]
    [InlineData("T:Cluster.Api.Meta.V1.ObjectMeta", "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.")]
    public void Doc_comments_carry_the_first_sentence_of_the_schema_description(string member, string summary)
    {
        var docs = XDocument.Load(Path.Combine(AppContext.BaseDirectory, "Cluster.Api.xml"));

        var element = docs.Descendants("member").Single(m => (string?)m.Attribute("name") == member);

        Assert.Equal(summary, element.Element("summary")!.Value);
    }
}
