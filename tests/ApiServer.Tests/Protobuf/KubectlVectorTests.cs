using System.Text.Json.Nodes;
using Cluster.ApiServer.Protobuf;

namespace Cluster.ApiServer.Tests.Protobuf;

/// <summary>Real bodies captured from kubectl v1.32 `create &lt;generator&gt;` against the JSON kubectl prints for the
/// same command with --dry-run=client -o json (see Vectors/README.md).</summary>
public sealed class KubectlVectorTests
{
    private static readonly string VectorDirectory = Path.Combine(AppContext.BaseDirectory, "Protobuf", "Vectors");

    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var name in VectorNames())
        {
            data.Add(name);
        }

        return data;
    }

    private static IEnumerable<string> VectorNames() =>
        Directory.GetFiles(VectorDirectory, "*.pb").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Captured_kubectl_body_decodes_to_the_json_kubectl_would_send(string name)
    {
        var body = File.ReadAllBytes(Path.Combine(VectorDirectory, name + ".pb"));
        var expected = JsonAssert.WithoutNulls(JsonNode.Parse(File.ReadAllText(Path.Combine(VectorDirectory, name + ".json"))));

        var decoded = KubernetesProtobuf.Decode(body);

        JsonAssert.Equal(expected, decoded);
    }

    [Fact]
    public void Every_generator_listed_in_the_task_has_a_captured_vector()
    {
        var kinds = VectorNames()
            .Select(name => JsonNode.Parse(File.ReadAllText(Path.Combine(VectorDirectory, name + ".json")))!["kind"]!.GetValue<string>())
            .ToHashSet();

        string[] required =
        [
            "Namespace", "ConfigMap", "Secret", "Deployment", "Service", "Job", "CronJob", "ServiceAccount", "Role",
            "RoleBinding", "ClusterRole", "ClusterRoleBinding", "ResourceQuota", "PodDisruptionBudget", "PriorityClass", "Ingress",
        ];
        Assert.Empty(required.Except(kinds));
    }

    [Fact]
    public void Namespace_body_from_the_protocol_notes_decodes_with_empty_spec_and_status_kept()
    {
        // The 57 bytes quoted in kubectl-protocol.md section 4.15: magic | typeMeta | raw Namespace | encoding | type.
        var body = Convert.FromHexString(
            "6b387300" + "0a0f0a0276311209" + "4e616d657370616365" + "121e0a160a067465616d2d61" +
            "12001a0022002a00320038004200" + "12001a020a00" + "1a002200");

        var decoded = KubernetesProtobuf.Decode(body);

        Assert.Equal(57, body.Length);
        Assert.Equal("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"},"spec":{},"status":{}}""", decoded.ToJsonString());
    }
}
