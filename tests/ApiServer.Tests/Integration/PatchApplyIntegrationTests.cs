using System.Net;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Integration;

[Trait("tier", "integration")]
public sealed class PatchApplyIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    private const string ApplyType = "application/apply-patch+yaml";

    private static string Deployment(int replicas, string image = "nginx") => """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":REPLICAS,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"IMAGE"}]}}}}
        """.Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("IMAGE", image, StringComparison.Ordinal);

    [Fact]
    public async Task A_json_patch_may_test_the_stored_resource_version_and_a_changed_one_is_a_precondition()
    {
        var ns = await server.NamespaceAsync();
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments/web";
        var (_, created, _) = await server.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", Deployment(1));
        var rv = (string)created!["metadata"]!["resourceVersion"]!;
        var guarded = $$$"""[{"op":"test","path":"/metadata/resourceVersion","value":"{{{rv}}}"},{"op":"replace","path":"/spec/replicas","value":2}]""";

        var (code, patched, _) = await server.SendAsync(HttpMethod.Patch, path, guarded, "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(2, (int?)patched!["spec"]!["replicas"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await server.SendAsync(HttpMethod.Patch, path, guarded, "application/json-patch+json")).Code); // stale now

        var stale = $$$"""{"metadata":{"resourceVersion":"{{{rv}}}"},"spec":{"replicas":3}}""";
        Assert.Equal(HttpStatusCode.Conflict, (await server.SendAsync(HttpMethod.Patch, path, stale, "application/merge-patch+json")).Code);
        var (plain, _, _) = await server.SendAsync(HttpMethod.Patch, path, """{"spec":{"replicas":3}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, plain);
    }

    [Fact]
    public async Task A_metadata_only_patch_keeps_the_generation_even_where_defaults_restore_a_field_the_patch_dropped()
    {
        var ns = await server.NamespaceAsync();
        var body = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}]}},"strategy":{}},"status":{}}""";
        await server.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", body);
        var (_, patched, _) = await server.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web", """{"metadata":{"annotations":{"x":"y"}}}""", "application/merge-patch+json");
        Assert.Equal(1, (int?)patched!["metadata"]!["generation"]);
        var (_, changed, _) = await server.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web", """{"spec":{"replicas":2}}""", "application/merge-patch+json");
        Assert.Equal(2, (int?)changed!["metadata"]!["generation"]);
    }

    [Fact]
    public async Task Server_side_apply_creates_a_missing_object_with_its_managed_fields()
    {
        var ns = await server.NamespaceAsync();
        var (code, obj, _) = await server.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=ci", Deployment(2), ApplyType);
        Assert.Equal(HttpStatusCode.Created, code);
        var entry = obj!["metadata"]!["managedFields"]![0]!;
        Assert.Equal("ci", (string?)entry["manager"]);
        Assert.Equal("Apply", (string?)entry["operation"]);
        Assert.NotNull(entry["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.NotNull(entry["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"nginx\"}"]);
    }

    [Fact]
    public async Task Applying_a_field_another_manager_set_differently_is_a_409_naming_it_unless_forced()
    {
        var ns = await server.NamespaceAsync();
        await server.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=ci", Deployment(2), ApplyType);
        var (code, status, _) = await server.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=other", Deployment(3), ApplyType);
        Assert.Equal(HttpStatusCode.Conflict, code);
        var cause = status!["details"]!["causes"]![0]!;
        Assert.Equal("FieldManagerConflict", (string?)cause["reason"]);
        Assert.Equal(".spec.replicas", (string?)cause["field"]);
        Assert.Contains("conflict with \"ci\"", (string?)status["message"], StringComparison.Ordinal);

        var (forced, obj, _) = await server.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=other&force=true", Deployment(3), ApplyType);
        Assert.Equal(HttpStatusCode.OK, forced);
        Assert.Equal(3, (int?)obj!["spec"]!["replicas"]);
    }

    [Fact]
    public async Task Apply_without_a_field_manager_is_422()
    {
        var (code, status, _) = await server.SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web", Deployment(1), ApplyType);
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("fieldManager", (string?)status!["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task Updates_record_an_Update_entry_for_their_manager()
    {
        var ns = await server.NamespaceAsync();
        await server.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments?fieldManager=creator", Deployment(1));
        var (_, obj, _) = await server.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=scaler",
            """{"spec":{"replicas":4}}""", "application/merge-patch+json");
        var managers = obj!["metadata"]!["managedFields"]!.AsArray().Select(e => ((string?)e!["manager"], (string?)e["operation"])).ToList();
        Assert.Contains(("creator", "Update"), managers);
        Assert.Contains(("scaler", "Update"), managers);
    }

    [Fact]
    public async Task Strict_field_validation_rejects_unknown_and_duplicate_fields_and_warn_reports_them()
    {
        var ns = await server.NamespaceAsync();
        const string unknown = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"u"},"data":{"a":"b"},"bogus":1}""";
        var (code, status, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict", unknown);
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("strict decoding error: unknown field \"bogus\"", (string?)status!["message"], StringComparison.Ordinal);

        const string duplicate = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"},"data":{"a":"1"},"data":{"a":"2"}}""";
        var (dupCode, dupStatus, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict", duplicate);
        Assert.Equal(HttpStatusCode.BadRequest, dupCode);
        Assert.Contains("duplicate field \"data\"", (string?)dupStatus!["message"], StringComparison.Ordinal);

        var (warnCode, created, response) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Warn", unknown);
        Assert.Equal(HttpStatusCode.Created, warnCode);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("unknown field \\\"bogus\\\"", StringComparison.Ordinal) || w.Contains("unknown field 'bogus'", StringComparison.Ordinal));
        Assert.Null(created!["bogus"]);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_400()
    {
        var ns = await server.NamespaceAsync();
        var (code, status, _) = await server.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"t"},"spec":{"replicas":"three"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("spec.replicas", (string?)status!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_writes_ignore_spec_and_spec_writes_ignore_status()
    {
        var ns = await server.NamespaceAsync();
        var (_, created, _) = await server.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", Deployment(1));
        Assert.Equal(1, (long?)created!["metadata"]!["generation"]);
        var withStatus = created.DeepClone();
        withStatus["status"] = new JsonObject { ["replicas"] = 1 };
        withStatus["spec"]!["replicas"] = 9;
        var (_, afterStatus, _) = await server.SendAsync(HttpMethod.Put, $"/apis/apps/v1/namespaces/{ns}/deployments/web/status", withStatus.ToJsonString());
        Assert.Equal(1, (int?)afterStatus!["status"]!["replicas"]);
        Assert.Equal(1, (int?)afterStatus["spec"]!["replicas"]);
        Assert.Equal(1, (long?)afterStatus["metadata"]!["generation"]);

        var (_, afterSpec, _) = await server.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web",
            """{"spec":{"replicas":2},"status":{"replicas":7}}""", "application/merge-patch+json");
        Assert.Equal(2, (int?)afterSpec!["spec"]!["replicas"]);
        Assert.Equal(1, (int?)afterSpec["status"]!["replicas"]);
        Assert.Equal(2, (long?)afterSpec["metadata"]!["generation"]);
    }
}
