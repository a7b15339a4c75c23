using System.Text;
using System.Text.Json;
using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;

namespace Cluster.Api.Tests.Models;

public sealed class KindRegistryTests
{
    [Theory]
    [InlineData("v1", "Pod", typeof(Pod), "pods", true)]
    [InlineData("v1", "Namespace", typeof(Namespace), "namespaces", false)]
    [InlineData("v1", "Node", typeof(Node), "nodes", false)]
    [InlineData("v1", "Binding", typeof(Binding), "bindings", true)]
    [InlineData("apps/v1", "Deployment", typeof(Deployment), "deployments", true)]
    [InlineData("batch/v1", "CronJob", typeof(Batch.V1.CronJob), "cronjobs", true)]
    [InlineData("autoscaling/v2", "HorizontalPodAutoscaler", typeof(Autoscaling.V2.HorizontalPodAutoscaler), "horizontalpodautoscalers", true)]
    [InlineData("autoscaling/v1", "HorizontalPodAutoscaler", typeof(Autoscaling.V1.HorizontalPodAutoscaler), "horizontalpodautoscalers", true)]
    [InlineData("coordination.k8s.io/v1", "Lease", typeof(Coordination.V1.Lease), "leases", true)]
    [InlineData("discovery.k8s.io/v1", "EndpointSlice", typeof(Discovery.V1.EndpointSlice), "endpointslices", true)]
    [InlineData("events.k8s.io/v1", "Event", typeof(Events.V1.Event), "events", true)]
    [InlineData("networking.k8s.io/v1", "IngressClass", typeof(Networking.V1.IngressClass), "ingressclasses", false)]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", typeof(Rbac.V1.ClusterRole), "clusterroles", false)]
    [InlineData("scheduling.k8s.io/v1", "PriorityClass", typeof(Scheduling.V1.PriorityClass), "priorityclasses", false)]
    [InlineData("storage.k8s.io/v1", "StorageClass", typeof(Storage.V1.StorageClass), "storageclasses", false)]
    [InlineData("policy/v1", "PodDisruptionBudget", typeof(Policy.V1.PodDisruptionBudget), "poddisruptionbudgets", true)]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", typeof(ApiExtensions.V1.CustomResourceDefinition), "customresourcedefinitions", false)]
    public void Resource_kinds_are_found_by_kind_and_by_resource(string apiVersion, string kind, Type type, string plural, bool namespaced)
    {
        Assert.True(KindRegistry.BuiltIn.TryGet(apiVersion, kind, out var registration));
        Assert.Equal(type, registration.Type);
        Assert.Equal(plural, registration.Info.Plural);
        Assert.Equal(namespaced, registration.Info.Namespaced);
        Assert.Equal(apiVersion, registration.Info.ApiVersion);

        Assert.True(KindRegistry.BuiltIn.TryGetResource(registration.Info.Group, registration.Info.Version, plural, out var byResource));
        Assert.Same(registration, byResource);
    }

    [Theory]
    [InlineData("v1", "PodList", typeof(PodList))]
    [InlineData("apps/v1", "DeploymentList", typeof(DeploymentList))]
    [InlineData("v1", "Status", typeof(Status))]
    [InlineData("autoscaling/v1", "Scale", typeof(Autoscaling.V1.Scale))]
    [InlineData("policy/v1", "Eviction", typeof(Policy.V1.Eviction))]
    [InlineData("v1", "DeleteOptions", typeof(DeleteOptions))]
    [InlineData("apps/v1", "DeleteOptions", typeof(DeleteOptions))]
    [InlineData("apps/v1", "WatchEvent", typeof(WatchEvent))]
    public void Kinds_that_are_not_resources_are_registered_without_a_plural(string apiVersion, string kind, Type type)
    {
        Assert.True(KindRegistry.BuiltIn.TryGet(apiVersion, kind, out var registration));
        Assert.Equal(type, registration.Type);
        Assert.False(registration.Info.IsResource);
    }

    [Theory]
    [InlineData("v1", "Deployment")]
    [InlineData("apps/v1beta1", "Deployment")]
    [InlineData("stable.example.com/v1", "Shirt")]
    [InlineData("V1", "Pod")]
    [InlineData("v1", "pod")]
    public void Unknown_api_version_or_kind_is_not_found(string apiVersion, string kind)
    {
        Assert.False(KindRegistry.BuiltIn.TryGet(apiVersion, kind, out _));
    }

    [Fact]
    public void Static_kind_info_matches_the_registry()
    {
        Assert.Equal(Pod.Info, InfoOf<Pod>());
        Assert.Equal(new KindInfo("apps", "v1", "Deployment", "deployments", true), Deployment.Info);
        foreach (var registration in KindRegistry.BuiltIn.Registrations)
        {
            Assert.Same(registration.TypeInfo, ApiJsonContext.Default.GetTypeInfo(registration.Type));
        }
    }

    [Fact]
    public void Decode_picks_the_type_from_top_level_api_version_and_kind()
    {
        var json = """{"spec":{"template":{"kind":"Pod"}},"kind":"Deployment","metadata":{"name":"web"},"apiVersion":"apps/v1"}"""u8;

        Assert.True(KindRegistry.BuiltIn.TryDecode(json, out var value));
        var deployment = Assert.IsType<Deployment>(value);
        Assert.Equal("web", deployment.Metadata!.Name);
        Assert.Equal(("apps/v1", "Deployment"), TypeMetaReader.Read(json));
    }

    [Theory]
    [InlineData("""{"kind":"Pod"}""")]
    [InlineData("""{"apiVersion":"v1","kind":"Unheard"}""")]
    [InlineData("""{"apiVersion":"v1","spec":{"kind":"Pod","apiVersion":"v1"}}""")]
    [InlineData("""{"apiVersion":1,"kind":"Pod"}""")]
    public void Decode_without_a_registered_type_returns_false(string json)
    {
        Assert.False(KindRegistry.BuiltIn.TryDecode(Encoding.UTF8.GetBytes(json), out _));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"apiVersion":"v1",""")]
    public void Decode_of_malformed_json_throws(string json)
    {
        Assert.ThrowsAny<JsonException>(() => KindRegistry.BuiltIn.TryDecode(Encoding.UTF8.GetBytes(json), out _));
    }

    [Fact]
    public void With_adds_kinds_and_rejects_duplicates()
    {
        var custom = new KindRegistration(new KindInfo("example.com", "v1", "Thing", "things", true), ApiJsonContext.Default.CoreV1ConfigMap);

        var extended = KindRegistry.BuiltIn.With([custom]);

        Assert.True(extended.TryGet("example.com/v1", "Thing", out _));
        Assert.True(extended.TryGetResource("example.com", "v1", "things", out _));
        Assert.False(KindRegistry.BuiltIn.TryGet("example.com/v1", "Thing", out _));
        Assert.Throws<ArgumentException>(() => extended.With([custom]));
    }

    [Fact]
    public void Kinds_implement_the_object_and_list_contracts()
    {
        IKubernetesObject pod = new Pod { ApiVersion = "v1", Kind = "Pod", Metadata = new ObjectMeta { Name = "p" } };
        IKubernetesList<Pod> list = new PodList { Items = [(Pod)pod] };

        Assert.Equal("p", pod.Metadata!.Name);
        Assert.Single(list.Items!);
        Assert.Equal("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}""", JsonSerializer.Serialize((Pod)pod, Pod.JsonTypeInfo));
    }

    private static KindInfo InfoOf<T>() where T : IKind<T> => T.Info;
}
