using Cluster.Api.Core.V1;
using Cluster.Kubelet.Pods;
using static Cluster.Kubelet.Tests.Pods.PodStatusFixtures;

namespace Cluster.Kubelet.Tests.Pods;

public sealed class PodPhasesTests
{
    public static TheoryData<string, string, ContainerStatus[], string> AppContainers => new()
    {
        { "no statuses yet", "Always", [], "Pending" },
        { "one waiting", "Always", [Running("a"), Waiting("b")], "Pending" },
        { "all running", "Always", [Running("a"), Running("b")], "Running" },
        { "one running one exited", "Never", [Running("a"), Exited("b", 1)], "Running" },
        { "all exited 0, Never", "Never", [Exited("a", 0), Exited("b", 0)], "Succeeded" },
        { "all exited 0, OnFailure", "OnFailure", [Exited("a", 0), Exited("b", 0)], "Succeeded" },
        { "all exited 0, Always restarts", "Always", [Exited("a", 0), Exited("b", 0)], "Running" },
        { "one failed, Never", "Never", [Exited("a", 0), Exited("b", 2)], "Failed" },
        { "one failed, OnFailure restarts", "OnFailure", [Exited("a", 0), Exited("b", 2)], "Running" },
        { "crash looping counts as stopped", "Always", [Waiting("a", lastExitCode: 1), Waiting("b", lastExitCode: 1)], "Running" },
        { "crash looping, Never", "Never", [Waiting("a", lastExitCode: 1), Exited("b", 0)], "Failed" },
    };

    [Theory]
    [MemberData(nameof(AppContainers))]
    public void App_container_states_decide_the_phase(string why, string restartPolicy, ContainerStatus[] statuses, string phase)
    {
        Assert.NotEmpty(why);
        Assert.Equal(phase, PodPhases.Of(Spec(restartPolicy, ["a", "b"]), [], statuses));
    }

    public static TheoryData<string, string, ContainerStatus[], ContainerStatus[], string> InitContainers => new()
    {
        { "init not started", "Always", [], [], "Pending" },
        { "init running", "Always", [Running("i")], [], "Pending" },
        { "init failed, Never", "Never", [Exited("i", 1)], [], "Failed" },
        { "init failed, Always retries", "Always", [Waiting("i", lastExitCode: 1)], [], "Pending" },
        { "init done, app starting", "Always", [Exited("i", 0)], [Waiting("a")], "Pending" },
        { "init done, app running", "Always", [Exited("i", 0)], [Running("a")], "Running" },
    };

    [Theory]
    [MemberData(nameof(InitContainers))]
    public void Init_containers_hold_the_pod_pending_until_they_succeed(string why, string restartPolicy, ContainerStatus[] inits, ContainerStatus[] apps, string phase)
    {
        Assert.NotEmpty(why);
        Assert.Equal(phase, PodPhases.Of(Spec(restartPolicy, ["a"], inits: ["i"]), inits, apps));
    }

    [Fact]
    public void A_sidecar_counts_as_initialised_once_started_and_does_not_keep_a_finished_job_running()
    {
        var spec = Spec("Never", ["job"], sidecars: ["proxy"]);
        Assert.Equal("Pending", PodPhases.Of(spec, [Running("proxy", started: false)], []));
        Assert.Equal("Running", PodPhases.Of(spec, [Running("proxy")], [Running("job")]));
        Assert.Equal("Succeeded", PodPhases.Of(spec, [Running("proxy")], [Exited("job", 0)]));
    }

    [Fact]
    public void A_terminal_pod_is_succeeded_or_failed_whatever_its_restart_policy()
    {
        Assert.Equal("Succeeded", PodPhases.Of(Spec("Always", ["a"]), [], [Exited("a", 0)], podIsTerminal: true));
        Assert.Equal("Failed", PodPhases.Of(Spec("Always", ["a"]), [], [Exited("a", 137)], podIsTerminal: true));
    }
}
