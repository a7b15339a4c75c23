using System.Text.Json.Serialization.Metadata;
using Cluster.Api;
using Cluster.Api.Meta.V1;

namespace Marathon;

/// <summary>A Marathon app definition as a Kubernetes object: <c>apps.marathon.io/v1 App</c> (crd.yaml).</summary>
public sealed record App : IKind<App>, IKubernetesObject<App>
{
    public static KindInfo Info { get; } = new("apps.marathon.io", "v1", "App", "apps", Namespaced: true);

    public static JsonTypeInfo<App> JsonTypeInfo => MarathonJson.Default.App;

    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public ObjectMeta? Metadata { get; init; }

    public AppSpec Spec { get; init; } = new();

    public AppStatus? Status { get; init; }

    public App WithMetadata(ObjectMeta? metadata) => this with { Metadata = metadata };
}
