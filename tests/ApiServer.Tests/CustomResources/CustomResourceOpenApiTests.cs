using System.Text.Json.Nodes;
using Cluster.ApiServer.CustomResources;
using Cluster.ApiServer.OpenApi;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Strategies;

namespace Cluster.ApiServer.Tests.CustomResources;

public class CustomResourceOpenApiTests
{
    private static readonly ResourceRegistry BuiltIn = BuiltInResources.CreateRegistry(new StrategyCatalog());
    private static readonly OpenApiDocuments Documents = new(BuiltIn);

    private static OpenApiSnapshot With(JsonObject crd) =>
        Documents.For(new ResourceRegistry([.. BuiltIn.All, .. CustomResourceDefinitions.Resources(crd)]));

    private static JsonObject V3(OpenApiSnapshot snapshot, string path) => (JsonObject)JsonNode.Parse(snapshot.Find(path)!.Content)!;

    [Fact]
    public void The_v3_document_has_the_kind_schema_its_list_and_metadata_for_kubectl_explain()
    {
        var snapshot = With(CrdValidationTests.ValidCrd());
        Assert.Contains("apis/example.dev/v1", JsonNode.Parse(snapshot.Index)!["paths"]!.AsObject().Select(p => p.Key));
        var schemas = V3(snapshot, "apis/example.dev/v1")["components"]!["schemas"]!;
        var widget = schemas["dev.example.v1.Widget"]!;
        Assert.Equal("""[{"group":"example.dev","kind":"Widget","version":"v1"}]""", widget["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", (string?)widget["properties"]!["metadata"]!["allOf"]![0]!["$ref"]);
        Assert.Equal(1, (int?)widget["properties"]!["spec"]!["properties"]!["size"]!["default"]);
        Assert.Equal("WidgetList", (string?)schemas["dev.example.v1.WidgetList"]!["x-kubernetes-group-version-kind"]![0]!["kind"]);
        Assert.NotNull(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]);
    }

    [Fact]
    public void Every_reference_in_the_v3_document_resolves_within_it()
    {
        var doc = V3(With(CrdValidationTests.ValidCrd()), "apis/example.dev/v1");
        var schemas = doc["components"]!["schemas"]!.AsObject();
        Assert.All(OpenApiTemplates.References(doc).Distinct(), name => Assert.True(schemas.ContainsKey(name), name));
    }

    [Fact]
    public void Patch_takes_field_validation_and_no_strategic_merge_patch()
    {
        var doc = V3(With(CrdValidationTests.ValidCrd()), "apis/example.dev/v1");
        var patch = doc["paths"]!["/apis/example.dev/v1/namespaces/{namespace}/widgets/{name}"]!["patch"]!;
        Assert.Equal("""{"group":"example.dev","kind":"Widget","version":"v1"}""", patch["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Contains("fieldValidation", patch["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        var types = patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key).ToList();
        Assert.Contains("application/merge-patch+json", types);
        Assert.DoesNotContain("application/strategic-merge-patch+json", types);
        Assert.Equal("patchExampleDevV1NamespacedWidget", (string?)patch["operationId"]);
        var scale = doc["paths"]!["/apis/example.dev/v1/namespaces/{namespace}/widgets/{name}/scale"]!["get"]!;
        Assert.Equal("Scale", (string?)scale["x-kubernetes-group-version-kind"]!["kind"]);
        Assert.NotNull(doc["paths"]!["/apis/example.dev/v1/widgets"]); // every namespace
        Assert.NotNull(doc["paths"]!["/apis/example.dev/v1/namespaces/{namespace}/widgets/{name}/status"]);
    }

    [Fact]
    public void Cluster_scoped_resources_have_no_namespace_in_paths_or_parameters()
    {
        var crd = CrdValidationTests.ValidCrd();
        crd["spec"]!["scope"] = "Cluster";
        var doc = V3(With(crd), "apis/example.dev/v1");
        var paths = doc["paths"]!.AsObject();
        Assert.Equal(["/apis/example.dev/v1/widgets", "/apis/example.dev/v1/widgets/{name}", "/apis/example.dev/v1/widgets/{name}/scale", "/apis/example.dev/v1/widgets/{name}/status"],
            paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("\"namespace\"", paths.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("readExampleDevV1Widget", (string?)paths["/apis/example.dev/v1/widgets/{name}"]!["get"]!["operationId"]);
    }

    [Fact]
    public void The_v2_document_gains_the_definitions_and_paths_and_stays_valid_json()
    {
        var snapshot = With(CrdValidationTests.ValidCrd());
        var v2 = (JsonObject)JsonNode.Parse(snapshot.V2)!;
        var widget = v2["definitions"]!["dev.example.v1.Widget"]!;
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", (string?)widget["properties"]!["metadata"]!["$ref"]);
        Assert.NotNull(v2["definitions"]!["io.k8s.api.core.v1.Pod"]); // the built-in definitions are all still there
        var post = v2["paths"]!["/apis/example.dev/v1/namespaces/{namespace}/widgets"]!["post"]!;
        Assert.Contains("#/definitions/dev.example.v1.Widget", post.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_snapshot_is_reused_for_the_same_registry()
    {
        var registry = new ResourceRegistry([.. BuiltIn.All, .. CustomResourceDefinitions.Resources(CrdValidationTests.ValidCrd())]);
        Assert.Same(Documents.For(registry), Documents.For(registry));
        Assert.Null(Documents.For(BuiltIn).Find("apis/example.dev/v1"));
    }
}
