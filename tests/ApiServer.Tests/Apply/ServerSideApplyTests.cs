using System.Text.Json.Nodes;
using Cluster.ApiServer.Apply;
using Cluster.ApiServer.Schema;
using static Cluster.ApiServer.Tests.Apply.ApplyFixtures;

namespace Cluster.ApiServer.Tests.Apply;

public sealed class ServerSideApplyTests
{
    private const string NginxApplySet = """
        {"f:metadata":{"f:labels":{"f:app":{}}},
         "f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
           "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{},
             "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}
        """;

    private const string ConfigTemplate = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nginx","namespace":"default","labels":LABELS},
         "spec":{"replicas":REPLICAS,"selector":{"matchLabels":{"app":"nginx"}},
           "template":{"metadata":{"labels":{"app":"nginx"}},
             "spec":{"containers":[{"name":"nginx","image":"IMAGE","ports":[{"containerPort":80}]}]}}}}
        """;

    private static string Config(string replicas = "3", string image = "nginx:1.27", string labels = """{"app":"nginx"}""") =>
        ConfigTemplate.Replace("LABELS", labels, StringComparison.Ordinal)
            .Replace("REPLICAS", replicas, StringComparison.Ordinal)
            .Replace("IMAGE", image, StringComparison.Ordinal);

    private static JsonObject Scaled(JsonObject live, int replicas) => With(live, obj => obj["spec"]!["replicas"] = replicas);

    [Fact]
    public void Apply_to_a_missing_object_creates_it_owned_by_the_applier()
    {
        var created = ApplyDeployment(null, NginxDeployment, "kubectl", T0);

        var entry = Assert.Single(created["metadata"]!["managedFields"]!.AsArray());
        Assert.Equal(
            Compact("""{"manager":"kubectl","operation":"Apply","apiVersion":"apps/v1","time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":FIELDS}""".Replace("FIELDS", NginxApplySet, StringComparison.Ordinal)),
            Compact(entry));
        created["metadata"]!.AsObject().Remove("managedFields");
        Assert.Equal(Compact(NginxDeployment), Compact(created));
    }

    [Fact]
    public void Inputs_are_not_modified()
    {
        var live = ApplyDeployment(null, NginxDeployment, "kubectl", T0);
        var liveText = Compact(live);
        var config = Parse(Config(replicas: "5"));
        var configText = Compact(config);

        ServerSideApply.Apply(live, config, Options("kubectl", T1), Deployment);

        Assert.Equal(liveText, Compact(live));
        Assert.Equal(configText, Compact(config));
    }

    [Fact]
    public void Fields_no_longer_applied_are_removed()
    {
        var live = ApplyDeployment(null, Config(labels: """{"app":"nginx","tier":"web"}"""), "kubectl", T0);

        var reapplied = ApplyDeployment(live, Config().Replace("\"replicas\":3,", string.Empty, StringComparison.Ordinal), "kubectl", T1);

        Assert.Equal("""{"app":"nginx"}""", Compact(reapplied["metadata"]!["labels"]));
        Assert.Null(reapplied["spec"]!["replicas"]);
        Assert.DoesNotContain("f:replicas", FieldsOf(reapplied, "kubectl", ManagedFieldsOperation.Apply), StringComparison.Ordinal);
    }

    [Fact]
    public void A_removed_field_another_applier_also_owns_stays()
    {
        var live = ApplyDeployment(null, Config(labels: """{"app":"nginx","tier":"web"}"""), "kubectl", T0);
        live = ApplyDeployment(live, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nginx","labels":{"tier":"web"}}}""", "labeller", T1);

        var reapplied = ApplyDeployment(live, Config(), "kubectl", T2);

        Assert.Equal("""{"app":"nginx","tier":"web"}""", Compact(reapplied["metadata"]!["labels"]));
        Assert.Equal("""{"f:metadata":{"f:labels":{"f:tier":{}}}}""", FieldsOf(reapplied, "labeller", ManagedFieldsOperation.Apply));
        Assert.DoesNotContain("f:tier", FieldsOf(reapplied, "kubectl", ManagedFieldsOperation.Apply), StringComparison.Ordinal);
    }

    [Fact]
    public void An_abandoned_struct_field_is_removed_whole_including_unowned_defaults()
    {
        var live = ApplyDeployment(null, """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
             "spec":{"paused":true,"strategy":{"rollingUpdate":{"maxSurge":1}}}}
            """, "kubectl", T0);
        live = With(live, obj => obj["spec"]!["strategy"]!["type"] = "RollingUpdate");

        var reapplied = ApplyDeployment(live, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"paused":true}}""", "kubectl", T1);

        Assert.Equal("""{"paused":true}""", Compact(reapplied["spec"]));
    }

    [Fact]
    public void Free_form_fields_of_a_custom_resource_merge_and_prune_as_granular_maps()
    {
        var schema = SchemaNode.FromJsonSchema(Parse("""
            {"type":"object","properties":{"apiVersion":{"type":"string"},"kind":{"type":"string"},"metadata":{"type":"object"},
              "spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}
            """));
        var options = new ApplyOptions { Manager = "kubectl", ApiVersion = "example.com/v1", Now = T0 };
        var live = ServerSideApply.Apply(null, Parse("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"a":{"b":1},"list":[1,2]}}"""), options, schema);

        var reapplied = ServerSideApply.Apply(live, Parse("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"a":{"c":2},"list":[3]}}"""), options with { Now = T1 }, schema);

        Assert.Equal("""{"a":{"c":2},"list":[3]}""", Compact(reapplied["spec"]));
        Assert.Equal("""{"f:spec":{"f:a":{".":{},"f:c":{}},"f:list":{}}}""", FieldsOf(reapplied, "kubectl", ManagedFieldsOperation.Apply));
    }

    [Fact]
    public void Applying_the_same_value_shares_ownership_without_conflict()
    {
        var live = ApplyDeployment(null, Config(), "kubectl", T0);

        var shared = ApplyDeployment(live, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nginx"},"spec":{"replicas":3}}""", "hpa", T1);

        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", FieldsOf(shared, "hpa", ManagedFieldsOperation.Apply));
        Assert.Contains("f:replicas", FieldsOf(shared, "kubectl", ManagedFieldsOperation.Apply), StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_a_field_another_manager_owns_is_a_conflict_with_the_api_servers_message()
    {
        var live = ApplyDeployment(null, Config(), "kubectl", T0);
        live = UpdateDeployment(live, Scaled(live, 5), "kubectl-edit", T1);

        var error = Assert.Throws<ApplyConflictException>(() => ApplyDeployment(live, Config(), "kubectl", T2));

        Assert.Equal("""Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas""", error.Message);
        var conflict = Assert.Single(error.Conflicts);
        Assert.Equal(("kubectl-edit", ManagedFieldsOperation.Update, "apps/v1", ".spec.replicas"), (conflict.Manager, conflict.Operation, conflict.ApiVersion, conflict.Field));
    }

    [Fact]
    public void Several_conflicts_are_listed_per_manager()
    {
        var live = ApplyDeployment(null, Config(), "kubectl", T0);
        var edited = With(live, obj =>
        {
            obj["spec"]!["replicas"] = 5;
            obj["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:1.28";
        });
        live = UpdateDeployment(live, edited, "kubectl-edit", T1);
        live = ApplyDeployment(live, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nginx","labels":{"app":"web"}}}""", "relabel", T2, force: true);

        var error = Assert.Throws<ApplyConflictException>(() => ApplyDeployment(live, Config(), "kubectl", T3));

        Assert.Equal(
            "Apply failed with 3 conflicts: conflicts with \"kubectl-edit\" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name=\"nginx\"].image\nconflicts with \"relabel\":\n- .metadata.labels.app",
            error.Message);
        Assert.Equal(
            """[{"reason":"FieldManagerConflict","message":"conflict with \"kubectl-edit\" using apps/v1","field":".spec.replicas"},{"reason":"FieldManagerConflict","message":"conflict with \"kubectl-edit\" using apps/v1","field":".spec.template.spec.containers[name=\"nginx\"].image"},{"reason":"FieldManagerConflict","message":"conflict with \"relabel\"","field":".metadata.labels.app"}]""",
            Compact(error.ToStatusCauses()));
    }

    [Fact]
    public void Force_takes_the_conflicting_fields_from_their_owners()
    {
        var live = ApplyDeployment(null, Config(), "kubectl", T0);
        live = UpdateDeployment(live, Scaled(live, 5), "kubectl-edit", T1);

        var forced = ApplyDeployment(live, Config(), "kubectl", T2, force: true);

        Assert.Equal(3, (int)forced["spec"]!["replicas"]!);
        Assert.Equal([("kubectl", "Apply")], Entries(forced).Select(entry => (entry.Manager, entry.Operation)));
        Assert.Equal(Compact(NginxApplySet), FieldsOf(forced, "kubectl", ManagedFieldsOperation.Apply));
    }

    [Fact]
    public void Containers_merge_by_name_and_keep_a_container_another_manager_added()
    {
        var live = ApplyDeployment(null, Config(), "kubectl", T0);
        live = ApplyDeployment(live, """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nginx"},
             "spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"envoy:1"}]}}}}
            """, "injector", T1);

        var reapplied = ApplyDeployment(live, Config(image: "nginx:1.28"), "kubectl", T2);

        Assert.Equal(
            """[{"name":"nginx","image":"nginx:1.28","ports":[{"containerPort":80}]},{"name":"sidecar","image":"envoy:1"}]""",
            Compact(reapplied["spec"]!["template"]!["spec"]!["containers"]));
        Assert.Equal(
            """{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"sidecar\"}":{".":{},"f:image":{},"f:name":{}}}}}}}""",
            FieldsOf(reapplied, "injector", ManagedFieldsOperation.Apply));
    }

    [Fact]
    public void Merged_lists_keep_unmentioned_live_items_in_place_and_follow_the_configs_order()
    {
        var live = ApplyDeployment(null, """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
             "spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}}}}
            """, "other", T0);

        var merged = ApplyDeployment(live, """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
             "spec":{"template":{"spec":{"containers":[{"name":"c","image":"x"},{"name":"a","image":"y"}]}}}}
            """, "kubectl", T1);

        Assert.Equal(
            """[{"name":"b"},{"name":"c","image":"x"},{"name":"a","image":"y"}]""",
            Compact(merged["spec"]!["template"]!["spec"]!["containers"]));
    }

    [Fact]
    public void Sets_union_and_atomic_lists_are_replaced()
    {
        var live = ApplyDeployment(null, """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","finalizers":["a"]},
             "spec":{"template":{"spec":{"containers":[{"name":"c","args":["1","2"]}]}}}}
            """, "other", T0);

        var merged = ApplyDeployment(live, """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","finalizers":["b"]},
             "spec":{"template":{"spec":{"containers":[{"name":"c","args":["3"]}]}}}}
            """, "kubectl", T1, force: true);

        Assert.Equal("""["a","b"]""", Compact(merged["metadata"]!["finalizers"]));
        Assert.Equal("""["3"]""", Compact(merged["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]));
    }

    [Fact]
    public void An_unchanged_reapply_keeps_the_entry_time_and_a_change_updates_it()
    {
        var live = ApplyDeployment(null, Config(), "kubectl", T0);

        var same = ApplyDeployment(live, Config(), "kubectl", T1);
        var changed = ApplyDeployment(same, Config(replicas: "4"), "kubectl", T2);

        Assert.Equal(T0, ManagedFields.Read(same).Single().Time);
        Assert.Equal(T2, ManagedFields.Read(changed).Single().Time);
    }

    [Fact]
    public void Reset_fields_are_merged_but_never_owned()
    {
        var created = ApplyDeployment(null, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"paused":true},"status":{"replicas":1}}""", "kubectl", T0);

        Assert.Equal("""{"f:spec":{"f:paused":{}}}""", FieldsOf(created, "kubectl", ManagedFieldsOperation.Apply));
    }

    [Fact]
    public void A_subresource_apply_records_its_own_entry()
    {
        var live = ApplyDeployment(null, Config(), "kubectl", T0);
        var options = Options("controller", T1) with { Subresource = "status", ResetFields = FieldSet.Of(FieldPath.Of("spec"), FieldPath.Of("metadata")) };

        var updated = ServerSideApply.Apply(live, Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nginx"},"status":{"replicas":3}}"""), options, Deployment);

        var status = ManagedFields.Read(updated).Single(entry => entry.Manager == "controller");
        Assert.Equal(
            """{"manager":"controller","operation":"Apply","apiVersion":"apps/v1","time":"2024-05-01T10:01:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:replicas":{}}},"subresource":"status"}""",
            Compact(ManagedFields.ToJson(status)));
    }

    [Fact]
    public void An_untracked_object_is_first_attributed_to_before_first_apply()
    {
        var untracked = Parse(NginxDeployment);

        var error = Assert.Throws<ApplyConflictException>(() => ApplyDeployment(untracked, Config(replicas: "4"), "ci", T1));

        Assert.Equal("""Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas""", error.Message);
    }

    [Theory]
    [InlineData("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","managedFields":[]}}""", "metadata.managedFields must be nil")]
    [InlineData("""{"apiVersion":"apps/v2","kind":"Deployment","metadata":{"name":"d"}}""", "invalid object type: apps/v2, Kind=Deployment")]
    [InlineData("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"a"}]}}}}""", ".spec.template.spec.containers: duplicate entries for key [name=\"a\"]")]
    public void Invalid_configurations_are_rejected(string config, string message)
    {
        var error = Assert.Throws<ApplyException>(() => ApplyDeployment(null, config, "kubectl", T0));

        Assert.Equal(message, error.Message);
    }
}
