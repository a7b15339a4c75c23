using System.Net;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Kubelet.Containers;
using Cluster.Kubelet.Pods;

namespace Cluster.Kubelet.Tests.Pods;

public sealed class PodStatusesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, 500, TimeSpan.Zero);

    private static Pod Pod(string restartPolicy = "Always", params string[] inits) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "ns", Uid = "u" },
        Spec = new PodSpec
        {
            RestartPolicy = restartPolicy,
            Containers = [new Container { Name = "app", Image = "busybox" }],
            InitContainers = inits.Select(i => new Container { Name = i, Image = "busybox" }).ToList(),
        },
    };

    private static SandboxInfo Sandbox() => new()
    {
        Id = "sb",
        Config = new SandboxConfig { PodUid = "u", PodNamespace = "ns", PodName = "web", Hostname = "web", CgroupParent = "/kubepods/podu" },
        State = SandboxState.Ready,
        CreatedAt = Now,
        PodIp = IPAddress.Parse("10.42.0.7"),
    };

    private static ContainerInfo Container(string name, int attempt, ContainerRunState state, int? exitCode = null, string? reason = null) => new()
    {
        Id = $"{name}-{attempt}",
        SandboxId = "sb",
        PodUid = "u",
        Name = name,
        Attempt = attempt,
        Image = "busybox",
        ImageId = "docker.io/library/busybox@sha256:1",
        State = state,
        CreatedAt = Now,
        StartedAt = Now.AddMilliseconds(-700),
        FinishedAt = state == ContainerRunState.Exited ? Now.AddMilliseconds(-200) : null,
        ExitCode = exitCode,
        Reason = reason,
        LogPath = "/logs/x.log",
    };

    private static PodStatus Build(Pod pod, IReadOnlyList<ContainerInfo> containers, IReadOnlyDictionary<string, Waiting>? waiting = null, bool terminal = false) =>
        PodStatuses.Build(pod, new PodView { Sandbox = Sandbox(), Containers = containers, Waiting = waiting ?? new Dictionary<string, Waiting>(), HostIp = "192.168.1.5", Terminal = terminal }, Now);

    [Fact]
    public void A_running_container_makes_a_running_ready_pod_with_its_ips_and_second_precision_times()
    {
        var status = Build(Pod(), [Container("app", 0, ContainerRunState.Running)]);
        Assert.Equal("Running", status.Phase);
        Assert.Equal("10.42.0.7", status.PodIP);
        Assert.Equal("192.168.1.5", status.HostIP);
        Assert.Equal("BestEffort", status.QosClass);
        var app = Assert.Single(status.ContainerStatuses!);
        Assert.True(app.Ready);
        Assert.Equal("runc://app-0", app.ContainerID);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 11, 59, 59, TimeSpan.Zero), app.State!.Running!.StartedAt);
        Assert.Equal("True", status.Conditions!.Single(c => c.Type == "Ready").Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), status.StartTime);
    }

    [Fact]
    public void A_container_in_back_off_waits_with_its_last_termination_and_restart_count()
    {
        var status = Build(Pod(), [Container("app", 0, ContainerRunState.Exited, 1, "Error"), Container("app", 1, ContainerRunState.Exited, 1, "Error")],
            new Dictionary<string, Waiting> { ["app"] = new("CrashLoopBackOff", "back-off 20s restarting failed container=app pod=web_ns(u)") });
        var app = Assert.Single(status.ContainerStatuses!);
        Assert.Equal("CrashLoopBackOff", app.State!.Waiting!.Reason);
        Assert.Equal(1, app.LastState!.Terminated!.ExitCode);
        Assert.Equal(1, app.RestartCount);
        Assert.Equal("Running", status.Phase);
        Assert.Equal("False", status.Conditions!.Single(c => c.Type == "Ready").Status);
    }

    [Fact]
    public void An_exited_container_that_does_not_restart_ends_the_pod()
    {
        var succeeded = Build(Pod("Never"), [Container("app", 0, ContainerRunState.Exited, 0, "Completed")]);
        Assert.Equal("Succeeded", succeeded.Phase);
        Assert.Equal("Completed", succeeded.ContainerStatuses![0].State!.Terminated!.Reason);
        var failed = Build(Pod("Never"), [Container("app", 0, ContainerRunState.Exited, 137, "OOMKilled")]);
        Assert.Equal("Failed", failed.Phase);
        Assert.Equal("OOMKilled", failed.ContainerStatuses![0].State!.Terminated!.Reason);
    }

    [Fact]
    public void App_containers_wait_in_pod_initializing_while_init_containers_run()
    {
        var status = Build(Pod("Always", "setup"), [Container("setup", 0, ContainerRunState.Running)]);
        Assert.Equal("Pending", status.Phase);
        Assert.Equal("PodInitializing", status.ContainerStatuses![0].State!.Waiting!.Reason);
        Assert.NotNull(status.InitContainerStatuses![0].State!.Running);
        Assert.Equal("False", status.Conditions!.Single(c => c.Type == "Initialized").Status);
    }

    [Fact]
    public void Image_pull_failures_show_as_the_waiting_reason()
    {
        var status = Build(Pod(), [], new Dictionary<string, Waiting> { ["app"] = new("ErrImagePull", "manifest unknown") });
        Assert.Equal("Pending", status.Phase);
        Assert.Equal("ErrImagePull", status.ContainerStatuses![0].State!.Waiting!.Reason);
        Assert.Equal("manifest unknown", status.ContainerStatuses[0].State!.Waiting!.Message);
    }

    [Fact]
    public void A_readiness_probe_that_has_not_passed_keeps_the_container_unready()
    {
        var view = new PodView { Sandbox = Sandbox(), Containers = [Container("app", 0, ContainerRunState.Running)], HostIp = "h", Ready = _ => false };
        var status = PodStatuses.Build(Pod(), view, Now);
        Assert.False(status.ContainerStatuses![0].Ready);
        Assert.True(status.ContainerStatuses[0].Started);
        Assert.Equal("False", status.Conditions!.Single(c => c.Type == "ContainersReady").Status);
    }
}
