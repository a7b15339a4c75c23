using System.Net;
using System.Text.Json.Nodes;
using Cluster.TestKit;

namespace Cluster.ApiServer.Tests.Integration;

[Trait("tier", "integration")]
public sealed class CustomResourceIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    /// <summary>A CRD of group <paramref name="group"/>: widgets (namespaced), v1 stored and v1beta1 served, status subresource, columns.</summary>
    public static string WidgetCrd(string group, string scope = "Namespaced") => """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.@GROUP@"},
         "spec":{"group":"@GROUP@","scope":"@SCOPE@","names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wdg"],"categories":["all"]},
          "versions":[
           {"name":"v1","served":true,"storage":true,"subresources":{"status":{},"scale":{"specReplicasPath":".spec.size","statusReplicasPath":".status.count","labelSelectorPath":".status.selector"}},
            "additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"},{"name":"Colour","type":"string","jsonPath":".spec.colour"}],
            "schema":{"openAPIV3Schema":{"type":"object","properties":{
              "spec":{"type":"object","required":["size"],"properties":{
                "size":{"type":"integer","minimum":1,"maximum":10},
                "colour":{"type":"string","enum":["red","blue"],"default":"red"},
                "name":{"type":"string","maxLength":8,"pattern":"^[a-z]+$"},
                "port":{"x-kubernetes-int-or-string":true},
                "tags":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"},
                "extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
              "status":{"type":"object","properties":{"ready":{"type":"boolean"},"count":{"type":"integer"},"selector":{"type":"string"}}}}}}},
           {"name":"v1beta1","served":true,"storage":false,
            "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
        """.Replace("@GROUP@", group).Replace("@SCOPE@", scope);

    [Fact]
    public async Task A_created_crd_is_served_at_once_with_crud_list_and_discovery()
    {
        var group = CrdTestSupport.Group();
        await server.EstablishAsync(WidgetCrd(group), $"widgets.{group}");
        var ns = await server.NamespaceAsync();
        var path = $"/apis/{group}/v1/namespaces/{ns}/widgets";

        var (created, widget, _) = await server.SendAsync(HttpMethod.Post, path, """{"apiVersion":"@GROUP@/v1","kind":"Widget","metadata":{"name":"w1","labels":{"a":"b"}},"spec":{"size":3}}""".Replace("@GROUP@", group));
        Assert.True(created == HttpStatusCode.Created, widget?.ToJsonString());
        Assert.Equal("red", (string?)widget!["spec"]!["colour"]); // schema default
        Assert.Equal(1, (int?)widget["metadata"]!["generation"]);

        var (_, read, _) = await server.SendAsync(HttpMethod.Get, path + "/w1");
        Assert.Equal(3, (int?)read!["spec"]!["size"]);
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, path + "?labelSelector=a%3Db");
        Assert.Single((JsonArray)list!["items"]!);
        var (_, none, _) = await server.SendAsync(HttpMethod.Get, $"{path}?fieldSelector=metadata.name%3Dother");
        Assert.Empty((JsonArray)none!["items"]!);

        var (_, resources, _) = await server.SendAsync(HttpMethod.Get, $"/apis/{group}/v1");
        var discovered = ((JsonArray)resources!["resources"]!).Select(r => (string?)r!["name"]).ToList();
        Assert.Contains("widgets", discovered);
        Assert.Contains("widgets/status", discovered);
        Assert.Contains("wdg", ((JsonArray)resources["resources"]![0]!["shortNames"]!).Select(s => (string?)s));

        var (deleted, _, _) = await server.SendAsync(HttpMethod.Delete, path + "/w1");
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal(HttpStatusCode.NotFound, (await server.SendAsync(HttpMethod.Get, path + "/w1")).Code);
    }

    public static TheoryData<string, string, string> InvalidWidgets => new()
    {
        { "wrong type", """{"size":"three"}""", "spec.size" },
        { "missing required", """{"colour":"blue"}""", "spec.size" },
        { "above maximum", """{"size":11}""", "spec.size" },
        { "not in enum", """{"size":1,"colour":"green"}""", "spec.colour" },
        { "pattern", """{"size":1,"name":"ABC"}""", "spec.name" },
        { "too long", """{"size":1,"name":"abcdefghijk"}""", "spec.name" },
        { "int-or-string", """{"size":1,"port":true}""", "spec.port" },
        { "duplicate in set", """{"size":1,"tags":["x","x"]}""", "spec.tags[1]" },
    };

    [Theory]
    [MemberData(nameof(InvalidWidgets))]
    public async Task Invalid_custom_resources_get_422_with_field_causes(string _, string spec, string field)
    {
        var group = CrdTestSupport.Group();
        await server.EstablishAsync(WidgetCrd(group), $"widgets.{group}");
        var ns = await server.NamespaceAsync();
        var (code, status, _) = await server.SendAsync(HttpMethod.Post, $"/apis/{group}/v1/namespaces/{ns}/widgets",
            """{"apiVersion":"@GROUP@/v1","kind":"Widget","metadata":{"name":"bad"},"spec":@SPEC@}""".Replace("@GROUP@", group).Replace("@SPEC@", spec));
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("Invalid", (string?)status!["reason"]);
        Assert.Contains(((JsonArray)status["details"]!["causes"]!).Select(c => (string?)c!["field"]), f => f == field);
    }

    [Fact]
    public async Task Unknown_fields_are_pruned_except_where_preserved_and_strict_validation_refuses_them()
    {
        var group = CrdTestSupport.Group();
        await server.EstablishAsync(WidgetCrd(group), $"widgets.{group}");
        var ns = await server.NamespaceAsync();
        var path = $"/apis/{group}/v1/namespaces/{ns}/widgets";
        var (code, widget, response) = await server.SendAsync(HttpMethod.Post, path,
            """{"apiVersion":"@GROUP@/v1","kind":"Widget","metadata":{"name":"p"},"spec":{"size":2,"bogus":1,"extra":{"anything":{"goes":true}}},"toplevel":"x"}""".Replace("@GROUP@", group));
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Null(widget!["spec"]!["bogus"]);
        Assert.Null(widget["toplevel"]);
        Assert.Equal(true, (bool?)widget["spec"]!["extra"]!["anything"]!["goes"]);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("unknown field 'spec.bogus'", StringComparison.Ordinal));

        var (strict, _, _) = await server.SendAsync(HttpMethod.Post, path + "?fieldValidation=Strict",
            """{"apiVersion":"@GROUP@/v1","kind":"Widget","metadata":{"name":"q"},"spec":{"size":2,"bogus":1}}""".Replace("@GROUP@", group));
        Assert.Equal(HttpStatusCode.BadRequest, strict);
    }

    [Fact]
    public async Task Patches_merge_and_json_work_server_side_apply_works_and_strategic_merge_is_415()
    {
        var group = CrdTestSupport.Group();
        await server.EstablishAsync(WidgetCrd(group), $"widgets.{group}");
        var ns = await server.NamespaceAsync();
        var path = $"/apis/{group}/v1/namespaces/{ns}/widgets";
        await server.SendAsync(HttpMethod.Post, path, """{"apiVersion":"@GROUP@/v1","kind":"Widget","metadata":{"name":"p"},"spec":{"size":2}}""".Replace("@GROUP@", group));

        var (merge, merged, _) = await server.SendAsync(HttpMethod.Patch, path + "/p", """{"spec":{"size":4}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, merge);
        Assert.Equal(4, (int?)merged!["spec"]!["size"]);
        Assert.Equal(2, (int?)merged["metadata"]!["generation"]);
        var (json, patched, _) = await server.SendAsync(HttpMethod.Patch, path + "/p", """[{"op":"replace","path":"/spec/size","value":5}]""", "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, json);
        Assert.Equal(5, (int?)patched!["spec"]!["size"]);
        var (smp, status, _) = await server.SendAsync(HttpMethod.Patch, path + "/p", """{"spec":{"size":6}}""", "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, smp);
        Assert.Equal("UnsupportedMediaType", (string?)status!["reason"]);
        var (invalid, _, _) = await server.SendAsync(HttpMethod.Patch, path + "/p", """{"spec":{"size":0}}""", "application/merge-patch+json");
        Assert.Equal((HttpStatusCode)422, invalid);

        var (applied, result, _) = await server.SendAsync(HttpMethod.Patch, path + "/a?fieldManager=tester",
            """{"apiVersion":"@GROUP@/v1","kind":"Widget","metadata":{"name":"a"},"spec":{"size":7,"colour":"blue"}}""".Replace("@GROUP@", group), "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Created, applied);
        Assert.Contains(((JsonArray)result!["metadata"]!["managedFields"]!).Select(m => (string?)m!["manager"]), m => m == "tester");
    }

    [Fact]
    public async Task The_status_subresource_splits_spec_and_status_and_other_versions_are_served_from_storage()
    {
        var group = CrdTestSupport.Group();
        await server.EstablishAsync(WidgetCrd(group), $"widgets.{group}");
        var ns = await server.NamespaceAsync();
        var path = $"/apis/{group}/v1/namespaces/{ns}/widgets";
        await server.SendAsync(HttpMethod.Post, path, """{"apiVersion":"@GROUP@/v1","kind":"Widget","metadata":{"name":"s"},"spec":{"size":2},"status":{"ready":true}}""".Replace("@GROUP@", group));
        var (_, created, _) = await server.SendAsync(HttpMethod.Get, path + "/s");
        Assert.Null(created!["status"]); // status is dropped on create

        var (code, withStatus, _) = await server.SendAsync(HttpMethod.Patch, path + "/s/status", """{"status":{"ready":true},"spec":{"size":9}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(true, (bool?)withStatus!["status"]!["ready"]);
        Assert.Equal(2, (int?)withStatus["spec"]!["size"]); // the status endpoint ignores spec
        Assert.Equal(1, (int?)withStatus["metadata"]!["generation"]);

        var (_, beta, _) = await server.SendAsync(HttpMethod.Get, $"/apis/{group}/v1beta1/namespaces/{ns}/widgets/s");
        Assert.Equal($"{group}/v1beta1", (string?)beta!["apiVersion"]);
        Assert.Equal(2, (int?)beta["spec"]!["size"]);
    }

    [Fact]
    public async Task The_scale_subresource_reads_and_writes_the_crds_replica_paths()
    {
        var group = CrdTestSupport.Group();
        await server.EstablishAsync(WidgetCrd(group), $"widgets.{group}");
        var ns = await server.NamespaceAsync();
        var path = $"/apis/{group}/v1/namespaces/{ns}/widgets";
        await server.SendAsync(HttpMethod.Post, path, """{"apiVersion":"@GROUP@/v1","kind":"Widget","metadata":{"name":"s"},"spec":{"size":2}}""".Replace("@GROUP@", group));
        await server.SendAsync(HttpMethod.Patch, path + "/s/status", """{"status":{"count":2,"selector":"app=s"}}""", "application/merge-patch+json");

        var (_, scale, _) = await server.SendAsync(HttpMethod.Get, path + "/s/scale");
        Assert.Equal(("Scale", 2, 2, "app=s"), ((string?)scale!["kind"], (int?)scale["spec"]!["replicas"], (int?)scale["status"]!["replicas"], (string?)scale["status"]!["selector"]));
        var (code, scaled, _) = await server.SendAsync(HttpMethod.Patch, path + "/s/scale", """{"spec":{"replicas":5}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(5, (int?)scaled!["spec"]!["replicas"]);
        Assert.Equal(5, (int?)(await server.SendAsync(HttpMethod.Get, path + "/s")).Body!["spec"]!["size"]);
        var (tooBig, _, _) = await server.SendAsync(HttpMethod.Patch, path + "/s/scale", """{"spec":{"replicas":50}}""", "application/merge-patch+json");
        Assert.Equal((HttpStatusCode)422, tooBig);
    }

    [Fact]
    public async Task Tables_show_the_printer_columns()
    {
        var group = CrdTestSupport.Group();
        await server.EstablishAsync(WidgetCrd(group), $"widgets.{group}");
        var ns = await server.NamespaceAsync();
        var path = $"/apis/{group}/v1/namespaces/{ns}/widgets";
        await server.SendAsync(HttpMethod.Post, path, """{"apiVersion":"@GROUP@/v1","kind":"Widget","metadata":{"name":"t"},"spec":{"size":4,"colour":"blue"}}""".Replace("@GROUP@", group));
        var (_, table, _) = await server.SendAsync(HttpMethod.Get, path, accept: "application/json;as=Table;v=v1;g=meta.k8s.io");
        Assert.Equal(["Name", "Size", "Colour"], ((JsonArray)table!["columnDefinitions"]!).Select(c => (string?)c!["name"]));
        Assert.Equal("[\"t\",4,\"blue\"]", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    public static TheoryData<string, string, string> InvalidCrds => new()
    {
        { "name not plural.group", """{"metadata":{"name":"wrong.example.dev"}}""", "metadata.name" },
        { "group without a dot", """{"spec":{"group":"nodot"}}""", "spec.group" },
        { "bad scope", """{"spec":{"scope":"Galaxy"}}""", "spec.scope" },
        { "no storage version", """{"spec":{"versions":[{"name":"v1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object"}}}]}}""", "spec.versions" },
        { "no schema", """{"spec":{"versions":[{"name":"v1","served":true,"storage":true}]}}""", "spec.versions[0].schema.openAPIV3Schema" },
        { "field without type", """{"spec":{"versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"properties":{}}}}}}]}}""", "spec.versions[0].schema.openAPIV3Schema.properties[spec].type" },
        { "webhook conversion", """{"spec":{"conversion":{"strategy":"Webhook"}}}""", "spec.conversion.strategy" },
        { "bad column type", """{"spec":{"versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object"}},"additionalPrinterColumns":[{"name":"X","type":"float","jsonPath":".spec.x"}]}]}}""", "spec.versions[0].additionalPrinterColumns[0].type" },
        { "default not valid", """{"spec":{"versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"n":{"type":"integer","default":"x"}}}}}]}}""", "spec.versions[0].schema.openAPIV3Schema.properties[n].default" },
    };

    [Theory]
    [MemberData(nameof(InvalidCrds))]
    public async Task Invalid_crds_get_422_with_field_causes(string _, string overrides, string field)
    {
        var group = CrdTestSupport.Group();
        var crd = (JsonObject)JsonNode.Parse(WidgetCrd(group))!;
        Merge(crd, (JsonObject)JsonNode.Parse(overrides)!);
        var (code, status, _) = await server.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd.ToJsonString());
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Contains(((JsonArray)status!["details"]!["causes"]!).Select(c => (string?)c!["field"]), f => f == field);
    }

    [Fact]
    public async Task Deleting_a_crd_deletes_its_objects_and_stops_serving_it()
    {
        var group = CrdTestSupport.Group();
        var name = await server.EstablishAsync(WidgetCrd(group, "Cluster"), $"widgets.{group}");
        var path = $"/apis/{group}/v1/widgets";
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, path, """{"apiVersion":"@GROUP@/v1","kind":"Widget","metadata":{"name":"w@I@"},"spec":{"size":1}}""".Replace("@GROUP@", group).Replace("@I@", i.ToString()))).Code);

        await server.SendAsync(HttpMethod.Delete, $"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}");
        await Eventually.TrueAsync(async () => (await server.SendAsync(HttpMethod.Get, $"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}")).Code == HttpStatusCode.NotFound,
            CrdTestSupport.Patience, "the CRD is gone");
        await Eventually.TrueAsync(async () => (await server.SendAsync(HttpMethod.Get, path)).Code == HttpStatusCode.NotFound, CrdTestSupport.Patience, "the resource is no longer served");

        // Recreated, it starts empty: the objects went with the definition.
        await server.EstablishAsync(WidgetCrd(group, "Cluster"), name);
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, path);
        Assert.Empty((JsonArray)list!["items"]!);
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is JsonObject o && target[key] is JsonObject t) Merge(t, o);
            else target[key] = value?.DeepClone();
        }
    }
}
