using Cluster.Api.Meta.V1;
using Marathon;

namespace Cluster.Marathon.Tests;

public sealed class AppTranslationTests
{
    private static App App(AppSpec spec) => new() { Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Uid = "uid-1" }, Spec = spec };

    public static TheoryData<double, double, string, string> Upgrades => new()
    {
        { 1, 1, "0%", "100%" },
        { 0.5, 0.2, "50%", "20%" },
        { 0, 0, "100%", "0%" },
        { 1, 0, "0%", "1" },
    };

    [Theory]
    [MemberData(nameof(Upgrades))]
    public void The_upgrade_strategy_becomes_max_unavailable_and_max_surge(double minimumHealth, double maximumOver, string unavailable, string surge)
    {
        var rolling = AppTranslation.RollingUpdate(new UpgradeStrategy(minimumHealth, maximumOver)).RollingUpdate!;
        Assert.Equal((unavailable, surge), (rolling.MaxUnavailable!.Value.ToString(), rolling.MaxSurge!.Value.ToString()));
    }

    [Fact]
    public void Instances_resources_command_env_and_image_map_onto_the_pod_template()
    {
        var deployment = AppTranslation.ToDeployment(App(new AppSpec
        {
            Instances = 3, Cpus = 0.25, Mem = 256, Disk = 64, Cmd = "python3 -m http.server", Env = new Dictionary<string, string> { ["A"] = "1" },
            Container = new AppContainer(new DockerContainer("python:3.12"), null),
        }));
        var container = deployment.Spec!.Template!.Spec!.Containers![0];
        Assert.Equal(3, deployment.Spec.Replicas);
        Assert.Equal("python:3.12", container.Image);
        Assert.Equal(["/bin/sh", "-c", "python3 -m http.server"], container.Command!);
        Assert.Equal(("250m", "256Mi", "64Mi"), (container.Resources!.Requests!["cpu"].ToString(), container.Resources.Requests["memory"].ToString(), container.Resources.Limits!["ephemeral-storage"].ToString()));
        Assert.Equal("1", container.Env!.Single(e => e.Name == "A").Value);
        Assert.Equal("web", deployment.Spec.Selector!.MatchLabels![AppTranslation.AppLabel]);
        var owner = Assert.Single(deployment.Metadata!.OwnerReferences!);
        Assert.Equal(("App", "uid-1", true), (owner.Kind, owner.Uid, owner.Controller));
    }

    [Fact]
    public void A_unique_hostname_constraint_becomes_required_anti_affinity_and_cluster_pins_nodes()
    {
        var deployment = AppTranslation.ToDeployment(App(new AppSpec { Constraints = [["hostname", "UNIQUE"], ["rack", "CLUSTER", "r1"]] }));
        var term = Assert.Single(deployment.Spec!.Template!.Spec!.Affinity!.PodAntiAffinity!.RequiredDuringSchedulingIgnoredDuringExecution!);
        Assert.Equal("kubernetes.io/hostname", term.TopologyKey);
        Assert.Equal("web", term.LabelSelector!.MatchLabels![AppTranslation.AppLabel]);
        Assert.Equal("r1", deployment.Spec.Template.Spec.NodeSelector!["rack"]);
    }

    public static TheoryData<HealthCheck, string> Checks => new()
    {
        { new HealthCheck("HTTP", "/health", 0), "http:/health:8080" },
        { new HealthCheck("TCP", null, 1), "tcp:9090" },
        { new HealthCheck("COMMAND", Command: new HealthCommand("test -f /ok")), "exec:test -f /ok" },
    };

    [Theory]
    [MemberData(nameof(Checks))]
    public void Health_checks_become_probes_on_the_mapped_port(HealthCheck check, string expected)
    {
        var probe = AppTranslation.Probe(check, [new PortMapping(8080), new PortMapping(9090)]);
        var actual = probe.HttpGet is { } http ? $"http:{http.Path}:{http.Port}" : probe.TcpSocket is { } tcp ? $"tcp:{tcp.Port}" : $"exec:{probe.Exec!.Command![2]}";
        Assert.Equal(expected, actual);
        Assert.Equal((check.IntervalSeconds, check.TimeoutSeconds, check.MaxConsecutiveFailures), (probe.PeriodSeconds, probe.TimeoutSeconds, probe.FailureThreshold));
    }

    [Fact]
    public void Port_mappings_make_a_service_and_no_ports_make_none()
    {
        var service = AppTranslation.ToService(App(new AppSpec { Container = new AppContainer(null, [new PortMapping(8080, 80, "http")]) }))!;
        var port = Assert.Single(service.Spec!.Ports!);
        Assert.Equal((80, "8080", "http", "TCP"), (port.Port, port.TargetPort!.Value.ToString(), port.Name, port.Protocol));
        Assert.Null(AppTranslation.ToService(App(new AppSpec())));
    }
}
