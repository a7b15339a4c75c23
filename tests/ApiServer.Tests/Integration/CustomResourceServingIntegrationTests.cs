using System.Net;
using System.Text.Json.Nodes;
using Cluster.TestKit;
using static Cluster.ApiServer.Tests.Integration.CrdTestSupport;

namespace Cluster.ApiServer.Tests.Integration;

/// <summary>Custom resources over HTTP beyond CRUD: watch, versions, generation, apply by list keys, read defaults, OpenAPI.</summary>
[Trait("tier", "integration")]
public sealed class CustomResourceServingIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    /// <summary>A cluster-scoped Gadget CRD without subresources or printer columns; its spec has a list map keyed by name.</summary>
    private static string GadgetCrd(string group, string extraSpecProperties = "") => """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.@GROUP@"},
         "spec":{"group":"@GROUP@","scope":"Cluster","names":{"plural":"gadgets","kind":"Gadget"},
          "versions":[{"name":"v1","served":true,"storage":true,
            "schema":{"openAPIV3Schema":{"type":"object","properties":{
              "spec":{"type":"object","properties":{@EXTRA@
                "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                  "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"port":{"type":"integer"}}}}}},
              "status":{"type":"object","properties":{"phase":{"type":"string"}}}}}}}]}}
        """.Replace("@GROUP@", group).Replace("@EXTRA@", extraSpecProperties);

    private static string Widget(string group, string version, string name, string spec) =>
        $$$"""{"apiVersion":"{{{group}}}/{{{version}}}","kind":"Widget","metadata":{"name":"{{{name}}}"},"spec":{{{spec}}}}""";

    [Fact]
    public async Task Watches_see_custom_resource_changes_in_order_in_the_version_watched()
    {
        var group = Group();
        await server.EstablishAsync(CustomResourceIntegrationTests.WidgetCrd(group), $"widgets.{group}");
        var ns = await server.NamespaceAsync();
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, $"/apis/{group}/v1beta1/namespaces/{ns}/widgets");
        var rv = (string)list!["metadata"]!["resourceVersion"]!;
        Assert.Equal("WidgetList", (string?)list["kind"]);
        await server.SendAsync(HttpMethod.Post, $"/apis/{group}/v1/namespaces/{ns}/widgets", Widget(group, "v1", "w", """{"size":1}"""));
        await server.SendAsync(HttpMethod.Patch, $"/apis/{group}/v1/namespaces/{ns}/widgets/w", """{"spec":{"size":2}}""", "application/merge-patch+json");
        await server.SendAsync(HttpMethod.Delete, $"/apis/{group}/v1/namespaces/{ns}/widgets/w");

        var events = await server.Client.WatchAsync($"/apis/{group}/v1beta1/namespaces/{ns}/widgets?watch=true&resourceVersion={rv}&timeoutSeconds=5", 3);
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => (string)e["type"]!));
        Assert.All(events, e => Assert.Equal($"{group}/v1beta1", (string?)e["object"]!["apiVersion"]));
        Assert.Equal(2, (int?)events[1]["object"]!["spec"]!["size"]);
    }

    [Fact]
    public async Task An_object_written_in_one_version_is_read_in_every_served_version()
    {
        var group = Group();
        await server.EstablishAsync(CustomResourceIntegrationTests.WidgetCrd(group), $"widgets.{group}");
        var ns = await server.NamespaceAsync();
        var (code, created, _) = await server.SendAsync(HttpMethod.Post, $"/apis/{group}/v1beta1/namespaces/{ns}/widgets", Widget(group, "v1beta1", "b", """{"size":3}"""));
        Assert.True(code == HttpStatusCode.Created, created?.ToJsonString());
        Assert.Equal($"{group}/v1beta1", (string?)created!["apiVersion"]);

        var (_, v1, _) = await server.SendAsync(HttpMethod.Get, $"/apis/{group}/v1/namespaces/{ns}/widgets/b");
        Assert.Equal($"{group}/v1", (string?)v1!["apiVersion"]);
        Assert.Equal("red", (string?)v1["spec"]!["colour"]); // v1's default, applied on read
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, $"/apis/{group}/v1beta1/namespaces/{ns}/widgets?resourceVersion=0");
        Assert.Equal($"{group}/v1beta1", (string?)list!["items"]![0]!["apiVersion"]);
        Assert.Equal(created["metadata"]!["uid"]!.ToJsonString(), v1["metadata"]!["uid"]!.ToJsonString());
    }

    [Fact]
    public async Task Without_a_status_subresource_a_status_change_bumps_the_generation_and_metadata_does_not()
    {
        var group = Group();
        await server.EstablishAsync(GadgetCrd(group), $"gadgets.{group}");
        var path = $"/apis/{group}/v1/gadgets";
        var (_, created, _) = await server.SendAsync(HttpMethod.Post, path, $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Gadget","metadata":{"name":"g"},"status":{"phase":"New"}}""");
        Assert.Equal("New", (string?)created!["status"]!["phase"]); // no subresource: status is part of the object
        var (_, labelled, _) = await server.SendAsync(HttpMethod.Patch, path + "/g", """{"metadata":{"labels":{"a":"b"}}}""", "application/merge-patch+json");
        Assert.Equal(1, (int?)labelled!["metadata"]!["generation"]);
        var (_, phased, _) = await server.SendAsync(HttpMethod.Patch, path + "/g", """{"status":{"phase":"Ready"}}""", "application/merge-patch+json");
        Assert.Equal(2, (int?)phased!["metadata"]!["generation"]);
        Assert.Equal(HttpStatusCode.NotFound, (await server.SendAsync(HttpMethod.Get, path + "/g/status")).Code);
    }

    [Fact]
    public async Task Server_side_apply_merges_lists_by_the_crds_list_map_keys()
    {
        var group = Group();
        await server.EstablishAsync(GadgetCrd(group), $"gadgets.{group}");
        var path = $"/apis/{group}/v1/gadgets/a";
        string Apply(string port) => $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Gadget","metadata":{"name":"a"},"spec":{"ports":[{{{port}}}]}}""";
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Patch, path + "?fieldManager=one", Apply("""{"name":"http","port":80}"""), "application/apply-patch+yaml")).Code);
        var (code, merged, _) = await server.SendAsync(HttpMethod.Patch, path + "?fieldManager=two", Apply("""{"name":"https","port":443}"""), "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(["http", "https"], ((JsonArray)merged!["spec"]!["ports"]!).Select(p => (string?)p!["name"]).Order());
        var owners = ((JsonArray)merged["metadata"]!["managedFields"]!).Select(m => (string?)m!["manager"]).Order();
        Assert.Equal(["one", "two"], owners);

        var (conflict, status, _) = await server.SendAsync(HttpMethod.Patch, path + "?fieldManager=two", Apply("""{"name":"http","port":8080}"""), "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Contains(((JsonArray)status!["details"]!["causes"]!).Select(c => (string?)c!["field"]), f => f == ".spec.ports[name=\"http\"].port");
    }

    [Fact]
    public async Task A_default_added_to_the_crd_shows_on_objects_stored_before()
    {
        var group = Group();
        var name = await server.EstablishAsync(GadgetCrd(group), $"gadgets.{group}");
        var path = $"/apis/{group}/v1/gadgets";
        await server.SendAsync(HttpMethod.Post, path, $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Gadget","metadata":{"name":"old"},"spec":{}}""");

        var (_, crd, _) = await server.SendAsync(HttpMethod.Get, $"{CrdsPath}/{name}");
        var updated = (JsonObject)JsonNode.Parse(GadgetCrd(group, "\"mode\":{\"type\":\"string\",\"default\":\"auto\"},"))!;
        updated["metadata"] = crd!["metadata"]!.DeepClone();
        var (code, body, _) = await server.SendAsync(HttpMethod.Put, $"{CrdsPath}/{name}", updated.ToJsonString());
        Assert.True(code == HttpStatusCode.OK, body?.ToJsonString());

        await Eventually.TrueAsync(async () => (string?)(await server.SendAsync(HttpMethod.Get, path + "/old")).Body?["spec"]?["mode"] == "auto",
            Patience, "the new default is applied on read");
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, path + "?resourceVersion=0");
        Assert.Equal("auto", (string?)list!["items"]![0]!["spec"]!["mode"]);
    }

    [Fact]
    public async Task The_openapi_documents_describe_the_custom_resource_once_it_is_served()
    {
        var group = Group();
        await server.EstablishAsync(CustomResourceIntegrationTests.WidgetCrd(group), $"widgets.{group}");
        var (_, index, _) = await server.SendAsync(HttpMethod.Get, "/openapi/v3");
        var url = (string?)index!["paths"]![$"apis/{group}/v1"]?["serverRelativeURL"];
        Assert.NotNull(url);
        var (code, doc, _) = await server.SendAsync(HttpMethod.Get, url);
        Assert.Equal(HttpStatusCode.OK, code);
        var schemaName = string.Join('.', group.Split('.').Reverse()) + ".v1.Widget";
        Assert.Equal("integer", (string?)doc!["components"]!["schemas"]![schemaName]!["properties"]!["spec"]!["properties"]!["size"]!["type"]);
        var (_, v2, _) = await server.SendAsync(HttpMethod.Get, "/openapi/v2");
        Assert.NotNull(v2!["definitions"]![schemaName]);
    }

    [Fact]
    public async Task Metadata_is_validated_and_pruned_like_any_objects()
    {
        var group = Group();
        await server.EstablishAsync(GadgetCrd(group), $"gadgets.{group}");
        var path = $"/apis/{group}/v1/gadgets";
        var (code, status, _) = await server.SendAsync(HttpMethod.Post, path, $$$$"""{"apiVersion":"{{{{group}}}}/v1","kind":"Gadget","metadata":{"name":"m","labels":{"a":"-bad-"}}}""");
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Contains(((JsonArray)status!["details"]!["causes"]!).Select(c => (string?)c!["field"]), f => f == "metadata.labels");
        var (strict, refused, _) = await server.SendAsync(HttpMethod.Post, path + "?fieldValidation=Strict", $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Gadget","metadata":{"name":"m","colour":"red"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, strict);
        Assert.Contains("unknown field \"metadata.colour\"", (string?)refused!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tables_of_a_crd_without_printer_columns_show_name_and_age()
    {
        var group = Group();
        await server.EstablishAsync(GadgetCrd(group), $"gadgets.{group}");
        await server.SendAsync(HttpMethod.Post, $"/apis/{group}/v1/gadgets", $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Gadget","metadata":{"name":"t"}}""");
        var (_, table, _) = await server.SendAsync(HttpMethod.Get, $"/apis/{group}/v1/gadgets", accept: "application/json;as=Table;v=v1;g=meta.k8s.io");
        Assert.Equal(["Name", "Age"], ((JsonArray)table!["columnDefinitions"]!).Select(c => (string?)c!["name"]));
    }
}
