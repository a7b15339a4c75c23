using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;

namespace Cluster.Controllers.Tests;

/// <summary>Objects for table-driven tests of controller decisions.</summary>
internal static class Objects
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static ReplicaSet ReplicaSet(string name = "web", int replicas = 3, int minReadySeconds = 0, string uid = "rs-uid") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "ns", Uid = uid, Generation = 2 },
        Spec = new ReplicaSetSpec
        {
            Replicas = replicas,
            MinReadySeconds = minReadySeconds,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" } },
                Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "busybox" }] },
            },
        },
    };

    public static Pod Pod(string name, string? ownerUid = "rs-uid", string phase = "Running", bool ready = true, string? node = "n1",
        DateTimeOffset? readySince = null, DateTimeOffset? created = null, int restarts = 0, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = "ns",
            Uid = name + "-uid",
            Labels = labels ?? new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" },
            CreationTimestamp = created ?? Now.AddHours(-1),
            OwnerReferences = ownerUid is null ? null : [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web", Uid = ownerUid, Controller = true }],
        },
        Spec = new PodSpec { NodeName = node, Containers = [new Container { Name = "c", Image = "busybox" }] },
        Status = new PodStatus
        {
            Phase = phase,
            Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = readySince ?? Now.AddMinutes(-30) }],
            ContainerStatuses = [new ContainerStatus { Name = "c", RestartCount = restarts }],
        },
    };
}
