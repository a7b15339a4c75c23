using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Apply;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Tests.Apply;

/// <summary>Schemas, defaults and small JSON helpers shared by the apply tests.</summary>
internal static class ApplyFixtures
{
    private static readonly Lazy<SchemaDefaults> SharedDefaults = new(() => SchemaDefaults.LoadDirectory(RepositorySchemas.Directory));

    public static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset T1 = T0.AddMinutes(1);
    public static readonly DateTimeOffset T2 = T0.AddMinutes(2);
    public static readonly DateTimeOffset T3 = T0.AddMinutes(3);

    public static SchemaDefaults Defaults => SharedDefaults.Value;

    public static SchemaNode Deployment => RepositorySchemas.Kind("apps", "v1", "Deployment");

    public static SchemaNode ConfigMap => RepositorySchemas.Kind("", "v1", "ConfigMap");

    public static SchemaNode Service => RepositorySchemas.Kind("", "v1", "Service");

    public static FieldSet StatusOnly { get; } = FieldSet.Of(FieldPath.Of("status"));

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compact JSON of a node for exact comparisons (escaping only what JSON requires, like the API server).</summary>
    public static string Compact(JsonNode? node) => node?.ToJsonString(Relaxed) ?? "null";

    public static string Compact(string json) => JsonNode.Parse(json)!.ToJsonString(Relaxed);

    public static ApplyOptions Options(string manager, DateTimeOffset now, bool force = false) => new()
    {
        Manager = manager,
        ApiVersion = "apps/v1",
        Now = now,
        Force = force,
        Defaults = Defaults,
        ResetFields = StatusOnly,
    };

    public static JsonObject ApplyDeployment(JsonObject? live, string applied, string manager, DateTimeOffset now, bool force = false) =>
        ServerSideApply.Apply(live, Parse(applied), Options(manager, now, force), Deployment);

    public static JsonObject UpdateDeployment(JsonObject? old, JsonObject updated, string manager, DateTimeOffset now, string subresource = "") =>
        ManagedFieldsTracker.RecordUpdate(old, updated, manager, "apps/v1", subresource, Deployment, now, StatusOnly, Defaults);

    /// <summary>The entries as (manager, operation, compact fieldsV1) for assertions.</summary>
    public static IReadOnlyList<(string Manager, string Operation, string Fields)> Entries(JsonObject obj) =>
        [.. ManagedFields.Read(obj).Select(entry => (entry.Manager, entry.Operation.ToString(), Compact(entry.Fields.ToFieldsV1())))];

    public static string FieldsOf(JsonObject obj, string manager, ManagedFieldsOperation operation) =>
        Compact(ManagedFields.Read(obj).Single(entry => entry.Manager == manager && entry.Operation == operation).Fields.ToFieldsV1());

    /// <summary>A copy with one JSON value replaced, for building successive object versions.</summary>
    public static JsonObject With(JsonObject obj, Action<JsonObject> change)
    {
        var copy = (JsonObject)obj.DeepClone();
        change(copy);
        return copy;
    }

    public const string NginxDeployment = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"nginx","namespace":"default","labels":{"app":"nginx"}},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"nginx"}},
           "template":{"metadata":{"labels":{"app":"nginx"}},
             "spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}]}]}}}}
        """;
}
