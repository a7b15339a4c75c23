using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Kubelet.Hollow;

namespace Cluster.Kubelet.Tests.Hollow;

public sealed class HollowPodStepsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly HollowNodeOptions Options = new() { StartDelay = TimeSpan.FromSeconds(2) };

    private static Pod Bound(string restartPolicy = "Always", Dictionary<string, string>? annotations = null) => new()
    {
        Metadata = new ObjectMeta { Name = "p", Namespace = "ns", Uid = "uid", Annotations = annotations },
        Spec = new PodSpec { NodeName = "hollow-node-0", RestartPolicy = restartPolicy, Containers = [new Container { Name = "app", Image = "busybox" }] },
        Status = new PodStatus { Phase = "Pending", QosClass = "BestEffort" },
    };

    private static HollowPodStep Next(Pod pod, DateTimeOffset now, HollowNodeOptions? options = null) =>
        HollowPodSteps.Next(pod, options ?? Options, "172.16.0.0", () => "10.0.0.2", now);

    private static Pod Apply(Pod pod, HollowPodStep step) => pod with { Status = Assert.IsType<HollowPodStep.Post>(step).Status };

    [Fact]
    public void A_bound_pod_is_container_creating_for_the_start_delay_then_running_and_ready()
    {
        var creating = Next(Bound(), Now);
        Assert.Equal(TimeSpan.FromSeconds(2), Assert.IsType<HollowPodStep.Post>(creating).Then);
        var pod = Apply(Bound(), creating);
        Assert.Equal("Pending", pod.Status!.Phase);
        Assert.Equal("ContainerCreating", pod.Status.ContainerStatuses![0].State!.Waiting!.Reason);
        Assert.Equal("BestEffort", pod.Status.QosClass);

        Assert.Equal(TimeSpan.FromSeconds(1), Assert.IsType<HollowPodStep.Wait>(Next(pod, Now.AddSeconds(1))).Delay);

        pod = Apply(pod, Next(pod, Now.AddSeconds(2)));
        Assert.Equal(("Running", "10.0.0.2", "172.16.0.0"), (pod.Status!.Phase, pod.Status.PodIP, pod.Status.HostIP));
        Assert.Equal(Now, pod.Status.StartTime);
        Assert.Equal("True", pod.Status.Conditions!.Single(c => c.Type == "Ready").Status);
        var container = Assert.Single(pod.Status.ContainerStatuses!);
        Assert.True(container.Ready);
        Assert.NotNull(container.State!.Running);
        Assert.IsType<HollowPodStep.Idle>(Next(pod, Now.AddSeconds(60)));
    }

    [Fact]
    public void Without_a_start_delay_a_pod_runs_at_once()
    {
        var step = Next(Bound(), Now, Options with { StartDelay = TimeSpan.Zero });
        Assert.Equal("Running", Assert.IsType<HollowPodStep.Post>(step).Status.Phase);
    }

    public static TheoryData<string, int, string, string?, int> Exits => new()
    {
        { "Never", 0, "Succeeded", null, 0 },
        { "Never", 3, "Failed", null, 0 },
        { "OnFailure", 0, "Succeeded", null, 0 },
        { "OnFailure", 1, "Running", "CrashLoopBackOff", 1 },
        { "Always", 0, "Running", "CrashLoopBackOff", 1 },
    };

    [Theory]
    [MemberData(nameof(Exits))]
    public void An_exit_code_annotation_ends_the_containers_as_the_restart_policy_says(string policy, int code, string phase, string? waiting, int restarts)
    {
        var pod = Bound(policy, new Dictionary<string, string> { [HollowPodSteps.ExitCodeAnnotation] = code.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        pod = Apply(pod, Next(pod, Now, Options with { StartDelay = TimeSpan.Zero }));
        pod = Apply(pod, Next(pod, Now.AddSeconds(1)));
        Assert.Equal(phase, pod.Status!.Phase);
        var container = pod.Status.ContainerStatuses![0];
        Assert.Equal(waiting, container.State!.Waiting?.Reason);
        Assert.Equal(restarts, container.RestartCount);
        Assert.Equal(code, (container.State.Terminated ?? container.LastState!.Terminated)!.ExitCode);
        Assert.IsType<HollowPodStep.Idle>(Next(pod, Now.AddSeconds(2)));
    }

    [Theory]
    [InlineData(30, 0, 0, true)]
    [InlineData(30, 5, 2, false)]
    [InlineData(30, 5, 5, true)]
    [InlineData(2, 10, 2, true)]
    public void A_deleted_pod_goes_once_its_containers_stopped_within_the_grace_period(int grace, int stopDelay, int elapsed, bool removed)
    {
        var requested = Now;
        var pod = Bound() with { Metadata = Bound().Metadata! with { DeletionTimestamp = requested.AddSeconds(grace), DeletionGracePeriodSeconds = grace } };
        var step = Next(pod, requested.AddSeconds(elapsed), Options with { StopDelay = TimeSpan.FromSeconds(stopDelay) });
        if (removed) Assert.IsType<HollowPodStep.Remove>(step);
        else Assert.IsType<HollowPodStep.Wait>(step);
    }
}
