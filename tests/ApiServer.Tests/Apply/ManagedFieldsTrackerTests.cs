using System.Text.Json.Nodes;
using Cluster.ApiServer.Apply;
using static Cluster.ApiServer.Tests.Apply.ApplyFixtures;

namespace Cluster.ApiServer.Tests.Apply;

public sealed class ManagedFieldsTrackerTests
{
    /// <summary>A Deployment as the API server stores it after kubectl's client-side apply created it (defaults filled in).</summary>
    internal const string StoredClientSideApplied = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"nginx","namespace":"default","uid":"0b5f","resourceVersion":"7","generation":1,"creationTimestamp":"2024-05-01T10:00:00Z",
           "labels":{"app":"nginx"},
           "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"nginx\"},\"name\":\"nginx\",\"namespace\":\"default\"},\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"nginx\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:1.27\",\"name\":\"nginx\",\"ports\":[{\"containerPort\":80}]}]}}}}\n"}},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"nginx"}},
           "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"nginx"}},
             "spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{},
                 "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
               "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}},
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},
           "revisionHistoryLimit":10,"progressDeadlineSeconds":600},
         "status":{}}
        """;

    // What kube-apiserver records for that create.
    internal const string ClientSideApplyFields = """
        {"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}},"f:labels":{".":{},"f:app":{}}},
         "f:spec":{"f:progressDeadlineSeconds":{},"f:replicas":{},"f:revisionHistoryLimit":{},"f:selector":{},
           "f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{},"f:maxUnavailable":{}},"f:type":{}},
           "f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
             "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:imagePullPolicy":{},"f:name":{},
                 "f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},"f:protocol":{}}},
                 "f:resources":{},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}}},
               "f:dnsPolicy":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:terminationGracePeriodSeconds":{}}}}}
        """;

    internal static JsonObject CreatedByClientSideApply() =>
        UpdateDeployment(null, Parse(StoredClientSideApplied), "kubectl-client-side-apply", T0);

    [Fact]
    public void Create_records_every_field_as_the_api_server_does()
    {
        var created = CreatedByClientSideApply();

        var entry = Assert.Single(created["metadata"]!["managedFields"]!.AsArray());
        Assert.Equal(
            Compact("""{"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"apps/v1","time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":FIELDS}""".Replace("FIELDS", ClientSideApplyFields, StringComparison.Ordinal)),
            Compact(entry));
    }

    [Fact]
    public void Recording_an_update_leaves_the_stored_object_exactly_as_it_was()
    {
        var stored = CreatedByClientSideApply();
        var meta = stored["metadata"]!.AsObject();
        var managed = meta["managedFields"];
        meta.Remove("managedFields");
        meta.Insert(1, "managedFields", managed); // in the middle of metadata, where it must come back to
        var before = stored.ToJsonString();
        var updated = (JsonObject)stored.DeepClone();
        updated["spec"]!["replicas"] = 5;

        UpdateDeployment(stored, updated, "kubectl-scale", T0.AddMinutes(1));

        Assert.Equal(before, stored.ToJsonString()); // managed fields back in place, member order included
        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", FieldsOf(updated, "kubectl-scale", ManagedFieldsOperation.Update));
    }

    [Fact]
    public void Concurrent_creates_share_the_zero_value_and_record_the_same_fields()
    {
        var expected = Compact(CreatedByClientSideApply()["metadata"]!["managedFields"]);

        var recorded = new string[64];
        Parallel.For(0, recorded.Length, i => recorded[i] = Compact(CreatedByClientSideApply()["metadata"]!["managedFields"]));

        Assert.All(recorded, fields => Assert.Equal(expected, fields));
        Assert.Same(Defaults.SharedZeroValue(Deployment), Defaults.SharedZeroValue(Deployment));
        Assert.Equal(Compact(Defaults.ZeroValue(Deployment)), Compact(Defaults.SharedZeroValue(Deployment)));
    }

    [Fact]
    public void An_update_takes_the_changed_fields_from_other_managers()
    {
        var live = CreatedByClientSideApply();

        var scaled = UpdateDeployment(live, With(live, obj => obj["spec"]!["replicas"] = 5), "kubectl-edit", T1);

        var entries = ManagedFields.Read(scaled);
        Assert.Equal(["kubectl-client-side-apply", "kubectl-edit"], entries.Select(entry => entry.Manager));
        Assert.Equal([T0, T1], entries.Select(entry => entry.Time!.Value));
        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", FieldsOf(scaled, "kubectl-edit", ManagedFieldsOperation.Update));
        Assert.DoesNotContain("f:replicas", FieldsOf(scaled, "kubectl-client-side-apply", ManagedFieldsOperation.Update), StringComparison.Ordinal);
    }

    [Fact]
    public void A_managers_later_changes_merge_into_its_entry()
    {
        var live = CreatedByClientSideApply();
        live = UpdateDeployment(live, With(live, obj => obj["spec"]!["replicas"] = 5), "kubectl-edit", T1);

        var again = UpdateDeployment(live, With(live, obj => obj["spec"]!["paused"] = true), "kubectl-edit", T2);

        Assert.Equal("""{"f:spec":{"f:paused":{},"f:replicas":{}}}""", FieldsOf(again, "kubectl-edit", ManagedFieldsOperation.Update));
        Assert.Equal(T2, ManagedFields.Read(again).Single(entry => entry.Manager == "kubectl-edit").Time);
    }

    [Fact]
    public void Removed_fields_leave_every_set_and_emptied_entries_disappear()
    {
        var live = CreatedByClientSideApply();
        live = UpdateDeployment(live, With(live, obj => obj["metadata"]!["labels"]!["tier"] = "web"), "labeller", T1);

        var removed = UpdateDeployment(live, With(live, obj => obj["metadata"]!["labels"]!.AsObject().Remove("tier")), "other", T2);

        Assert.Equal(["kubectl-client-side-apply"], ManagedFields.Read(removed).Select(entry => entry.Manager));
    }

    [Fact]
    public void A_write_that_changes_nothing_touches_no_entry()
    {
        var live = CreatedByClientSideApply();

        var same = UpdateDeployment(live, With(live, obj => obj["metadata"]!["resourceVersion"] = "8"), "kubectl-edit", T1);

        Assert.Equal(Compact(live["metadata"]!["managedFields"]), Compact(same["metadata"]!["managedFields"]));
    }

    [Fact]
    public void Managed_fields_sent_by_the_client_replace_the_stored_ones()
    {
        var live = CreatedByClientSideApply();
        var sent = new ManagedFieldsEntry("kubectl", ManagedFieldsOperation.Apply, "apps/v1", T0, FieldSet.Of(FieldPath.Of("spec", "replicas")));
        var request = With(live, obj => ManagedFields.Write(obj, [sent]));

        var updated = UpdateDeployment(live, request, "kubectl", T1);

        Assert.Equal([("kubectl", "Apply", """{"f:spec":{"f:replicas":{}}}""")], Entries(updated));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{}]")]
    public void An_empty_managed_fields_request_stops_tracking(string reset)
    {
        var live = CreatedByClientSideApply();

        var updated = UpdateDeployment(live, With(live, obj => obj["metadata"]!["managedFields"] = JsonNode.Parse(reset)), "kubectl", T1);

        Assert.Null(updated["metadata"]!["managedFields"]);
        Assert.Null(UpdateDeployment(updated, Scaled(updated), "kubectl-edit", T2)["metadata"]!["managedFields"]);
    }

    [Theory]
    [InlineData("""[{"manager":"x","operation":"Patch","apiVersion":"v1","fieldsType":"FieldsV1"}]""")]
    [InlineData("""[{"manager":"x","operation":"Update","fieldsType":"FieldsV1"}]""")]
    [InlineData("""[{"manager":"x","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:a":1}}]""")]
    [InlineData("\"garbage\"")]
    public void Malformed_managed_fields_from_the_client_fall_back_to_the_stored_ones(string sent)
    {
        var live = CreatedByClientSideApply();

        var updated = UpdateDeployment(live, With(live, obj => obj["metadata"]!["managedFields"] = JsonNode.Parse(sent)), "kubectl", T1);

        Assert.Equal(Compact(live["metadata"]!["managedFields"]), Compact(updated["metadata"]!["managedFields"]));
    }

    [Fact]
    public void A_subresource_write_ignores_sent_managed_fields_and_records_the_subresource()
    {
        var live = CreatedByClientSideApply();
        var request = With(live, obj =>
        {
            obj["status"] = JsonNode.Parse("""{"replicas":3,"readyReplicas":3}""");
            obj["metadata"]!["managedFields"] = new JsonArray();
        });

        var updated = ManagedFieldsTracker.RecordUpdate(live, request, "kube-controller-manager", "apps/v1", "status", Deployment, T1, null, Defaults);

        var status = ManagedFields.Read(updated).Single(entry => entry.Manager == "kube-controller-manager");
        Assert.Equal("status", status.Subresource);
        Assert.Equal(
            """{"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","time":"2024-05-01T10:01:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:readyReplicas":{},"f:replicas":{}}},"subresource":"status"}""",
            Compact(ManagedFields.ToJson(status)));
    }

    [Fact]
    public void Reset_fields_are_neither_owned_nor_taken_from_their_owners()
    {
        var live = CreatedByClientSideApply();
        var request = With(live, obj =>
        {
            obj["spec"]!["replicas"] = 5;
            obj["spec"]!["paused"] = true;
            obj["status"] = JsonNode.Parse("""{"replicas":3}""");
        });

        var updated = ManagedFieldsTracker.RecordUpdate(live, request, "kube-controller-manager", "apps/v1", "status", Deployment, T1,
            FieldSet.Of(FieldPath.Of("spec")), Defaults);

        var entries = ManagedFields.Read(updated);
        Assert.Equal("""{"f:status":{"f:replicas":{}}}""", Compact(entries.Single(e => e.Manager == "kube-controller-manager").Fields.ToFieldsV1()));
        Assert.Equal(Compact(JsonNode.Parse(ClientSideApplyFields)), Compact(entries.Single(e => e.Manager == "kubectl-client-side-apply").Fields.ToFieldsV1()));
    }

    [Fact]
    public void An_existing_object_without_managed_fields_stays_untracked()
    {
        var untracked = Parse(NginxDeployment);

        var updated = UpdateDeployment(untracked, Scaled(untracked), "kubectl-edit", T1);

        Assert.Null(updated["metadata"]!["managedFields"]);
    }

    [Fact]
    public void More_than_ten_update_managers_fold_the_oldest_into_ancient_changes()
    {
        var live = CreatedByClientSideApply();
        for (var i = 1; i <= 10; i++)
        {
            var label = "l" + i;
            live = UpdateDeployment(live, With(live, obj => obj["metadata"]!["labels"]![label] = "x"), "m" + i, T0.AddSeconds(i));
        }

        var entries = ManagedFields.Read(live);

        Assert.Equal(10, entries.Count);
        var ancient = entries.Single(entry => entry.Manager == "ancient-changes");
        Assert.Equal(T0.AddSeconds(1), ancient.Time);
        Assert.True(ancient.Fields.Contains(FieldPath.Of("metadata", "labels", "l1")));
        Assert.True(ancient.Fields.Contains(FieldPath.Of("spec", "replicas")));
        Assert.DoesNotContain(entries, entry => entry.Manager is "kubectl-client-side-apply" or "m1");
    }

    private static JsonObject Scaled(JsonObject obj) => With(obj, copy => copy["spec"]!["replicas"] = 9);
}
