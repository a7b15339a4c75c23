using System.Text.Json.Nodes;
using Cluster.ApiServer.Apply;
using Cluster.ApiServer.Patching;
using static Cluster.ApiServer.Tests.Apply.ApplyFixtures;

namespace Cluster.ApiServer.Tests.Apply;

/// <summary>
/// kubectl apply --server-side on an object kubectl created with client-side apply (kubectl-protocol.md 4.4):
/// the main apply, the kubectl-last-applied apply, the JSON patch that moves client-side ownership to kubectl,
/// and the apply after it.
/// </summary>
public sealed class ClientSideApplyMigrationTests
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    private static string ServerSideConfig(string image = "nginx:1.28", bool withReplicas = true) =>
        NginxDeployment.Replace("nginx:1.27", image, StringComparison.Ordinal)
            .Replace(withReplicas ? "\u0000" : "\"replicas\":3,", string.Empty, StringComparison.Ordinal);

    [Fact]
    public void Kubectl_may_change_fields_that_still_match_the_last_applied_annotation()
    {
        var live = ManagedFieldsTrackerTests.CreatedByClientSideApply();

        var applied = ApplyDeployment(live, ServerSideConfig(), "kubectl", T1);

        Assert.Equal("nginx:1.28", (string)applied["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!);
        Assert.DoesNotContain("\"f:image\":", FieldsOf(applied, "kubectl-client-side-apply", ManagedFieldsOperation.Update), StringComparison.Ordinal);
        Assert.Contains("\"f:image\":", FieldsOf(applied, "kubectl", ManagedFieldsOperation.Apply), StringComparison.Ordinal);
        Assert.Equal(
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"nginx"},"name":"nginx","namespace":"default"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"image":"nginx:1.28","name":"nginx","ports":[{"containerPort":80}]}]}}}}""" + "\n",
            (string)applied["metadata"]!["annotations"]![LastApplied]!);
    }

    [Fact]
    public void Other_managers_get_no_last_applied_exemption()
    {
        var live = ManagedFieldsTrackerTests.CreatedByClientSideApply();

        var error = Assert.Throws<ApplyConflictException>(() => ApplyDeployment(live, ServerSideConfig(), "ci", T1));

        Assert.Equal("""Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.template.spec.containers[name="nginx"].image""", error.Message);
    }

    [Fact]
    public void A_field_that_drifted_from_the_annotation_still_conflicts_for_kubectl()
    {
        var live = ManagedFieldsTrackerTests.CreatedByClientSideApply();
        live = UpdateDeployment(live, With(live, obj => obj["spec"]!["replicas"] = 5), "kubectl-client-side-apply", T1);

        var error = Assert.Throws<ApplyConflictException>(() => ApplyDeployment(live, ServerSideConfig(), "kubectl", T2));

        Assert.Equal("""Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas""", error.Message);
    }

    [Fact]
    public void After_the_managed_fields_patch_kubectl_prunes_what_client_side_apply_owned()
    {
        var live = ManagedFieldsTrackerTests.CreatedByClientSideApply();
        live = ApplyDeployment(live, ServerSideConfig(), "kubectl", T1);

        // Without the migration, dropping replicas from the config leaves it to kubectl-client-side-apply.
        Assert.Equal(3, (int)ApplyDeployment(live, ServerSideConfig(withReplicas: false), "kubectl", T2)["spec"]!["replicas"]!);

        var annotationOnly = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = "nginx",
                ["namespace"] = "default",
                ["annotations"] = new JsonObject { [LastApplied] = live["metadata"]!["annotations"]![LastApplied]!.DeepClone() },
            },
        };
        live = ServerSideApply.Apply(live, annotationOnly, Options("kubectl-last-applied", T2), Deployment);
        Assert.Equal(
            """{"f:metadata":{"f:annotations":{"f:kubectl.kubernetes.io/last-applied-configuration":{}}}}""",
            FieldsOf(live, "kubectl-last-applied", ManagedFieldsOperation.Apply));

        var entries = ManagedFields.Read(live);
        var clientSide = entries.Single(entry => entry.Manager == "kubectl-client-side-apply");
        var kubectl = entries.Single(entry => entry.Manager == "kubectl");
        var upgraded = entries.Where(entry => entry != clientSide && entry != kubectl)
            .Append(kubectl with { Fields = kubectl.Fields.Union(clientSide.Fields) });
        var patch = new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/metadata/managedFields", ["value"] = new JsonArray([.. upgraded.Select(entry => (JsonNode)ManagedFields.ToJson(entry))]) });
        var patched = (JsonObject)JsonPatch.Apply(live, patch)!;
        live = UpdateDeployment(live, patched, "kubectl", T3);
        Assert.Equal(["kubectl", "kubectl-last-applied"], ManagedFields.Read(live).Select(entry => entry.Manager).Order());

        var pruned = ApplyDeployment(live, ServerSideConfig(withReplicas: false), "kubectl", T3);

        Assert.Null(pruned["spec"]!["replicas"]);
        Assert.Equal("nginx:1.28", (string)pruned["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!);
        Assert.NotNull(pruned["metadata"]!["annotations"]![LastApplied]);
    }
}
