using System.Text;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Tests.Schema;

public sealed class SchemaCatalogTests
{
    private static SchemaNode PodSpec => RepositorySchemas.Kind("", "v1", "Pod").Properties["spec"];

    [Theory]
    [InlineData("", "v1", "Pod", "io.k8s.api.core.v1.Pod")]
    [InlineData("", "v1", "ConfigMap", "io.k8s.api.core.v1.ConfigMap")]
    [InlineData("apps", "v1", "Deployment", "io.k8s.api.apps.v1.Deployment")]
    [InlineData("batch", "v1", "CronJob", "io.k8s.api.batch.v1.CronJob")]
    [InlineData("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition")]
    public void Kinds_are_found_by_group_version_kind(string group, string version, string kind, string component)
    {
        var node = RepositorySchemas.Catalog.ForKind(group, version, kind);

        Assert.NotNull(node);
        Assert.Equal(component, node.Name);
        Assert.Equal(SchemaType.Object, node.Type);
        Assert.Same(node, RepositorySchemas.Catalog.ByName(component));
    }

    [Theory]
    [InlineData("apps", "v1", "Pod")]
    [InlineData("", "v2", "Pod")]
    [InlineData("apps", "v1", "NoSuchKind")]
    public void Unknown_kinds_are_not_found(string group, string version, string kind) =>
        Assert.Null(RepositorySchemas.Catalog.ForKind(group, version, kind));

    [Fact]
    public void Field_extensions_on_an_allOf_reference_combine_with_the_referenced_type()
    {
        var spec = RepositorySchemas.Kind("apps", "v1", "Deployment").Properties["spec"];
        var strategy = spec.Properties["strategy"];

        Assert.Equal(PatchStrategy.RetainKeys, strategy.PatchStrategy);
        Assert.Equal("io.k8s.api.apps.v1.DeploymentStrategy", strategy.ReferenceName);
        Assert.Equal(SchemaType.Object, strategy.Type);
        Assert.Contains("rollingUpdate", strategy.Properties.Keys);
        Assert.True(strategy.Properties["rollingUpdate"].Properties["maxSurge"].IntOrString);
        Assert.Equal(["selector", "template"], spec.Required);
    }

    [Fact]
    public void Keyed_merge_lists_report_strategy_merge_key_and_list_map_keys()
    {
        var containers = PodSpec.Properties["containers"];

        Assert.Equal(SchemaType.Array, containers.Type);
        Assert.Equal(PatchStrategy.Merge, containers.PatchStrategy);
        Assert.Equal("name", containers.PatchMergeKey);
        Assert.Equal(ListType.Map, containers.ListType);
        Assert.Equal(["name"], containers.ListMapKeys);
        Assert.Equal(SchemaType.String, containers.Items!.Properties["image"].Type);

        var ports = containers.Items.Properties["ports"];
        Assert.Equal("containerPort", ports.PatchMergeKey);
        Assert.Equal(["containerPort", "protocol"], ports.ListMapKeys);
        Assert.Equal("int32", ports.Items!.Properties["containerPort"].Format);
    }

    [Fact]
    public void Combined_patch_strategies_are_parsed_as_flags()
    {
        var volumes = PodSpec.Properties["volumes"];

        Assert.Equal(PatchStrategy.Merge | PatchStrategy.RetainKeys, volumes.PatchStrategy);
        Assert.Equal("name", volumes.PatchMergeKey);
    }

    [Fact]
    public void Maps_expose_value_schema_and_map_type()
    {
        var nodeSelector = PodSpec.Properties["nodeSelector"];
        var labels = RepositorySchemas.Kind("", "v1", "Pod").Properties["metadata"].Properties["labels"];

        Assert.Equal(MapType.Atomic, nodeSelector.MapType);
        Assert.Equal(SchemaType.String, nodeSelector.AdditionalProperties!.Type);
        Assert.Equal(MapType.None, labels.MapType);
        Assert.Same(labels.AdditionalProperties, labels.Field("any-key"));
        Assert.Null(PodSpec.Field("noSuchField"));
    }

    [Fact]
    public void Type_level_extensions_are_inherited_through_references()
    {
        var secrets = PodSpec.Properties["imagePullSecrets"];

        Assert.Equal(MapType.Atomic, secrets.Items!.MapType);
        Assert.Equal(PatchStrategy.None, PodSpec.Properties["tolerations"].PatchStrategy);
        Assert.Equal(ListType.Atomic, PodSpec.Properties["tolerations"].ListType);
    }

    [Fact]
    public void Finalizers_are_a_merge_set_of_strings()
    {
        var finalizers = RepositorySchemas.Kind("", "v1", "Pod").Properties["metadata"].Properties["finalizers"];

        Assert.Equal(PatchStrategy.Merge, finalizers.PatchStrategy);
        Assert.Null(finalizers.PatchMergeKey);
        Assert.Equal(ListType.Set, finalizers.ListType);
        Assert.Equal(SchemaType.String, finalizers.Items!.Type);
    }

    [Fact]
    public void Recursive_schemas_resolve_to_shared_nodes()
    {
        var crd = RepositorySchemas.Kind("apiextensions.k8s.io", "v1", "CustomResourceDefinition");
        var props = crd.Properties["spec"].Properties["versions"].Items!.Properties["schema"].Properties["openAPIV3Schema"];
        var nested = props.Properties["properties"].AdditionalProperties!;

        Assert.Equal("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps", props.ReferenceName);
        Assert.Same(props.Properties, nested.Properties);
        Assert.Same(props.Properties, nested.Properties["properties"].AdditionalProperties!.Properties);
    }

    [Fact]
    public void Int_or_string_format_marks_the_node()
    {
        var intOrString = RepositorySchemas.Catalog.ByName("io.k8s.apimachinery.pkg.util.intstr.IntOrString")!;

        Assert.True(intOrString.IntOrString);
        Assert.Equal(SchemaType.Unknown, intOrString.Type);
    }

    [Fact]
    public void Documents_load_from_streams_and_objects_with_the_first_definition_winning()
    {
        const string first = """{"components":{"schemas":{"a.Thing":{"type":"object","x-kubernetes-group-version-kind":[{"group":"g","version":"v1","kind":"Thing"}],"properties":{"n":{"type":"integer"}}}}}}""";
        const string second = """{"components":{"schemas":{"a.Thing":{"type":"string"},"a.Other":{"type":"boolean"}}}}""";

        using var firstStream = new MemoryStream(Encoding.UTF8.GetBytes(first));
        var fromStreams = SchemaCatalog.Load([("first", (Stream)firstStream), ("second", new MemoryStream(Encoding.UTF8.GetBytes(second)))]);
        var fromObjects = SchemaCatalog.Load([("first", JsonNode.Parse(first)!.AsObject()), ("second", JsonNode.Parse(second)!.AsObject())]);

        foreach (var catalog in new[] { fromStreams, fromObjects })
        {
            Assert.Equal(SchemaType.Object, catalog.ForKind("g", "v1", "Thing")!.Type);
            Assert.Equal(SchemaType.Integer, catalog.ByName("a.Thing")!.Properties["n"].Type);
            Assert.Equal(SchemaType.Boolean, catalog.ByName("a.Other")!.Type);
            Assert.Equal(new[] { ("g", "v1", "Thing") }, catalog.Kinds);
        }
    }

    [Fact]
    public void Reference_loops_and_missing_references_behave_as_unknown()
    {
        const string document = """
            {"components":{"schemas":{
              "Self":{"$ref":"#/components/schemas/Self"},
              "A":{"allOf":[{"$ref":"#/components/schemas/B"}],"x-kubernetes-map-type":"atomic"},
              "B":{"$ref":"#/components/schemas/A"},
              "Holder":{"type":"object","properties":{"missing":{"$ref":"#/components/schemas/Nowhere"},"loop":{"$ref":"#/components/schemas/A"}}}
            }}}
            """;
        var catalog = SchemaCatalog.Load([("doc", JsonNode.Parse(document)!.AsObject())]);

        Assert.Equal(SchemaType.Unknown, catalog.ByName("Self")!.Type);
        Assert.Equal(SchemaType.Unknown, catalog.ByName("B")!.Type);
        Assert.Equal(MapType.Atomic, catalog.ByName("A")!.MapType);
        Assert.Empty(catalog.ByName("A")!.Properties);
        Assert.True(catalog.ByName("Holder")!.Properties["missing"].PreserveUnknownFields);
        Assert.Equal(SchemaType.Unknown, catalog.ByName("Holder")!.Properties["loop"].Type);
    }

    [Fact]
    public void Invalid_documents_are_reported_with_their_name()
    {
        var error = Assert.Throws<InvalidDataException>(
            () => SchemaCatalog.Load([("broken.json", (Stream)new MemoryStream("{nope"u8.ToArray()))]));

        Assert.Contains("broken.json", error.Message);
    }
}
