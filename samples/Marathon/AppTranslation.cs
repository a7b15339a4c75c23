using System.Globalization;
using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Runtime.Ownership;

namespace Marathon;

/// <summary>How a Marathon app becomes Kubernetes objects: pure functions, so each rule is a table-driven test.</summary>
public static class AppTranslation
{
    public const string AppLabel = "app.marathon.io/name";

    /// <summary>The Deployment that runs the app's tasks, owned by the app.</summary>
    public static Deployment ToDeployment(App app)
    {
        var spec = app.Spec;
        var labels = new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>()) { [AppLabel] = app.Metadata!.Name! };
        var deployment = new Deployment
        {
            Metadata = new ObjectMeta { Name = app.Metadata.Name, Namespace = app.Metadata.Namespace, Labels = labels },
            Spec = new DeploymentSpec
            {
                Replicas = spec.Instances,
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { [AppLabel] = app.Metadata.Name! } },
                Strategy = RollingUpdate(spec.UpgradeStrategy ?? new UpgradeStrategy()),
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = labels },
                    Spec = new PodSpec { Containers = [Container(spec)], Affinity = Affinity(app), NodeSelector = NodeSelector(spec) },
                },
            },
        };
        return OwnerReferences.SetController(deployment, app);
    }

    /// <summary>A ClusterIP Service for the app's port mappings, or null when it maps none.</summary>
    public static Service? ToService(App app)
    {
        if (app.Spec.Container?.PortMappings is not { Count: > 0 } ports) return null;
        var service = new Service
        {
            Metadata = new ObjectMeta { Name = app.Metadata!.Name, Namespace = app.Metadata.Namespace, Labels = new Dictionary<string, string> { [AppLabel] = app.Metadata.Name! } },
            Spec = new ServiceSpec
            {
                Selector = new Dictionary<string, string> { [AppLabel] = app.Metadata.Name! },
                Ports = [.. ports.Select((p, i) => new ServicePort
                {
                    Name = p.Name ?? $"port-{i}",
                    Port = p.ServicePort is > 0 ? p.ServicePort : p.ContainerPort,
                    TargetPort = new IntOrString(p.ContainerPort),
                    Protocol = (p.Protocol ?? "tcp").ToUpperInvariant(),
                })],
            },
        };
        return OwnerReferences.SetController(service, app);
    }

    /// <summary>
    /// Marathon's upgrade strategy as a rolling update: the share of instances that may be down is
    /// 1 - minimumHealthCapacity, the share that may be extra is maximumOverCapacity.
    /// </summary>
    public static DeploymentStrategy RollingUpdate(UpgradeStrategy upgrade)
    {
        var unavailable = Percent(1 - Math.Clamp(upgrade.MinimumHealthCapacity, 0, 1));
        var surge = Percent(Math.Clamp(upgrade.MaximumOverCapacity, 0, 1));
        if (unavailable == "0%" && surge == "0%") surge = "1"; // Kubernetes needs room to move
        return new DeploymentStrategy
        {
            Type = "RollingUpdate",
            RollingUpdate = new RollingUpdateDeployment { MaxUnavailable = new IntOrString(unavailable), MaxSurge = surge == "1" ? new IntOrString(1) : new IntOrString(surge) },
        };
    }

    private static Container Container(AppSpec spec)
    {
        var ports = spec.Container?.PortMappings ?? [];
        var probe = spec.HealthChecks is { Count: > 0 } checks ? Probe(checks[0], ports) : null;
        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(((int)Math.Round(spec.Cpus * 1000)).ToString(CultureInfo.InvariantCulture) + "m"),
            ["memory"] = new(((int)Math.Round(spec.Mem)).ToString(CultureInfo.InvariantCulture) + "Mi"),
        };
        if (spec.Disk > 0) resources["ephemeral-storage"] = new(((int)Math.Round(spec.Disk)).ToString(CultureInfo.InvariantCulture) + "Mi");
        return new Container
        {
            Name = "app",
            Image = spec.Container?.Docker?.Image ?? "busybox",
            Command = spec.Cmd is { } cmd ? ["/bin/sh", "-c", cmd] : null,
            Args = spec.Args is { Count: > 0 } args ? args : null,
            Env = spec.Env?.Select(e => new EnvVar { Name = e.Key, Value = e.Value }).ToList(),
            Ports = ports.Count > 0 ? [.. ports.Select(p => new ContainerPort { ContainerPortValue = p.ContainerPort, Name = p.Name, Protocol = (p.Protocol ?? "tcp").ToUpperInvariant() })] : null,
            Resources = new ResourceRequirements { Requests = resources, Limits = resources },
            LivenessProbe = probe,
            ReadinessProbe = probe is null ? null : probe with { InitialDelaySeconds = null },
        };
    }

    /// <summary>A Marathon health check as a probe: HTTP → httpGet, TCP → tcpSocket, COMMAND → exec.</summary>
    public static Probe Probe(HealthCheck check, IReadOnlyList<PortMapping> ports)
    {
        var port = ports.Count > check.PortIndex ? ports[check.PortIndex].ContainerPort : 80;
        var protocol = check.Protocol.ToUpperInvariant();
        return new Probe
        {
            HttpGet = protocol is "HTTP" or "MESOS_HTTP" ? new HTTPGetAction { Path = check.Path ?? "/", Port = new IntOrString(port) } : null,
            TcpSocket = protocol is "TCP" or "MESOS_TCP" ? new TCPSocketAction { Port = new IntOrString(port) } : null,
            Exec = protocol is "COMMAND" ? new ExecAction { Command = ["/bin/sh", "-c", check.Command?.Value ?? "true"] } : null,
            InitialDelaySeconds = check.GracePeriodSeconds,
            PeriodSeconds = check.IntervalSeconds,
            TimeoutSeconds = check.TimeoutSeconds,
            FailureThreshold = Math.Max(1, check.MaxConsecutiveFailures),
        };
    }

    /// <summary><c>["hostname", "UNIQUE"]</c>: no two tasks of the app on one node (required pod anti-affinity).</summary>
    private static Affinity? Affinity(App app) =>
        app.Spec.Constraints?.Any(c => c is ["hostname", "UNIQUE"]) == true
            ? new Affinity
            {
                PodAntiAffinity = new PodAntiAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution =
                    [
                        new PodAffinityTerm
                        {
                            TopologyKey = "kubernetes.io/hostname",
                            LabelSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { [AppLabel] = app.Metadata!.Name! } },
                        },
                    ],
                },
            }
            : null;

    /// <summary><c>[field, "CLUSTER", value]</c>: every task where the node's field (hostname or a label) equals value.</summary>
    private static Dictionary<string, string>? NodeSelector(AppSpec spec)
    {
        var pinned = spec.Constraints?.Where(c => c is [_, "CLUSTER", _]).ToDictionary(c => c[0] == "hostname" ? "kubernetes.io/hostname" : c[0], c => c[2]);
        return pinned is { Count: > 0 } ? pinned : null;
    }

    private static string Percent(double share) => ((int)Math.Floor(share * 100)).ToString(CultureInfo.InvariantCulture) + "%";

    /// <summary>A Marathon app id (<c>/shop/db</c>) as the name of its App object (<c>shop-db</c>).</summary>
    public static string NameOf(string appId) => appId.Trim('/').Replace('/', '-');
}
