using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>One single-node server whose agent runs real runc containers, with the busybox image in its store.</summary>
public sealed class KubeletNodeFixture : IAsyncLifetime
{
    public ClusterServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ClusterServerProcess.StartAsync(new ClusterServerOptions { Agent = true, BusyboxImage = true, ExtraArguments = ["--node-name", "kubelet-e2e"] });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Pods applied with the real kubectl run as runc containers on the server's own node: their limits are in the
/// container's cgroup, their output and exits are what the spec says, probes and restart policies act, and deletion
/// stops them.
/// </summary>
public sealed class KubeletPodTests(KubeletNodeFixture node) : IClassFixture<KubeletNodeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _ns = "k" + Guid.NewGuid().ToString("N")[..8];

    private async Task<Kubectl> NamespaceAsync()
    {
        var k = new Kubectl(node.Server.Kubeconfig);
        (await k.RunAsync("create", "namespace", _ns)).Ok();
        // The service account the pods run as is made by its controller; pods wait for it like kubectl users do.
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "serviceaccount", "default", "-n", _ns)).ExitCode == 0, Patience, "the default service account");
        return k;
    }

    private async Task ApplyAsync(Kubectl k, string yaml) => (await k.RunAsync(["apply", "-n", _ns, "-f", "-"], yaml)).Ok();

    private async Task<string> JsonPathAsync(Kubectl k, string pod, string path) =>
        (await k.RunAsync("get", "pod", pod, "-n", _ns, "-o", $"jsonpath={{{path}}}")).Stdout;

    private Task WaitForAsync(Kubectl k, string pod, string path, string expected, string what) =>
        Eventually.TrueAsync(async () => await JsonPathAsync(k, pod, path) == expected, Patience, what);

    private static string Pod(string name, string script, string extra = "", string containerExtra = "", string restartPolicy = "Always") => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
        spec:
          restartPolicy: {{restartPolicy}}
          terminationGracePeriodSeconds: 2
        {{extra}}
          containers:
          - name: app
            image: busybox:latest
            imagePullPolicy: IfNotPresent
            command: ["sh", "-c", {{System.Text.Json.JsonSerializer.Serialize(script)}}]
        {{containerExtra}}
        """;

    private string LogFile(string uid, string container = "app", int attempt = 0) =>
        Path.Combine(node.Server.DataDirectory, "agent", "logs", $"{_ns}_{PodNameOf(uid)}_{uid}", container, $"{attempt}.log");

    private string PodNameOf(string uid) => _podNames[uid];

    private readonly Dictionary<string, string> _podNames = [];

    private async Task<string> UidAsync(Kubectl k, string pod)
    {
        var uid = await JsonPathAsync(k, pod, ".metadata.uid");
        _podNames[uid] = pod;
        return uid;
    }

    [Fact]
    public async Task A_pod_runs_with_its_memory_and_cpu_limits_in_the_containers_cgroup()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, Pod("limited", "sleep 3600", containerExtra: """
                resources:
                  limits: {memory: 48Mi, cpu: 300m}
            """));
        await WaitForAsync(k, "limited", ".status.phase", "Running", "the pod runs");
        Assert.Equal("true", await JsonPathAsync(k, "limited", ".status.containerStatuses[0].ready"));
        Assert.Equal("Guaranteed", await JsonPathAsync(k, "limited", ".status.qosClass"));
        var uid = await UidAsync(k, "limited");
        var id = (await JsonPathAsync(k, "limited", ".status.containerStatuses[0].containerID")).Replace("runc://", "", StringComparison.Ordinal);
        Assert.Equal("50331648", File.ReadAllText($"/sys/fs/cgroup/memory/kubepods/pod{uid}/{id}/memory.limit_in_bytes").Trim());
        Assert.Equal("30000", File.ReadAllText($"/sys/fs/cgroup/cpu/kubepods/pod{uid}/{id}/cpu.cfs_quota_us").Trim());
        Assert.Equal("307", File.ReadAllText($"/sys/fs/cgroup/cpu/kubepods/pod{uid}/{id}/cpu.shares").Trim());
    }

    [Fact]
    public async Task Env_configmap_and_secret_files_are_what_the_spec_says()
    {
        using var k = await NamespaceAsync();
        (await k.RunAsync("create", "configmap", "settings", "-n", _ns, "--from-literal=color=blue", "--from-literal=size=large")).Ok();
        (await k.RunAsync("create", "secret", "generic", "creds", "-n", _ns, "--from-literal=password=s3cret")).Ok();
        await ApplyAsync(k, Pod("configured", "echo color=$COLOR; echo pw=$password; echo file=$(cat /etc/settings/size); echo secret=$(cat /etc/creds/password); echo name=$MY_NAME; sleep 3600",
            extra: """
              volumes:
              - name: settings
                configMap: {name: settings}
              - name: creds
                secret: {secretName: creds}
            """,
            containerExtra: """
                env:
                - name: COLOR
                  valueFrom: {configMapKeyRef: {name: settings, key: color}}
                - name: MY_NAME
                  valueFrom: {fieldRef: {fieldPath: metadata.name}}
                envFrom:
                - secretRef: {name: creds}
                volumeMounts:
                - {name: settings, mountPath: /etc/settings}
                - {name: creds, mountPath: /etc/creds, readOnly: true}
            """));
        await WaitForAsync(k, "configured", ".status.phase", "Running", "the pod runs");
        var log = LogFile(await UidAsync(k, "configured"));
        await Eventually.TrueAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("name=", StringComparison.Ordinal), Patience, "the container printed its settings");
        var text = File.ReadAllText(log);
        Assert.Contains("stdout F color=blue\n", text);
        Assert.Contains("stdout F pw=s3cret\n", text);
        Assert.Contains("stdout F file=large\n", text);
        Assert.Contains("stdout F secret=s3cret\n", text);
        Assert.Contains("stdout F name=configured\n", text);
        // The secret's files are on tmpfs, never on the node's disk.
        var secretVolume = Path.Combine(node.Server.DataDirectory, "agent", "pods", await UidAsync(k, "configured"), "volumes", "creds");
        Assert.Contains(File.ReadAllLines("/proc/self/mounts"), line => line.Split(' ') is [_, var target, "tmpfs", ..] && target == secretVolume);
    }

    [Fact]
    public async Task The_admitted_api_access_volume_gives_the_container_a_token_the_cluster_ca_and_its_namespace()
    {
        using var k = await NamespaceAsync();
        const string dir = "/var/run/secrets/kubernetes.io/serviceaccount";
        await ApplyAsync(k, Pod("incluster",
            $"echo ns=$(cat {dir}/namespace); test -s {dir}/token && echo token=yes; grep -q 'BEGIN CERTIFICATE' {dir}/ca.crt && echo ca=yes; echo done; sleep 3600"));
        await WaitForAsync(k, "incluster", ".status.phase", "Running", "the pod runs");
        var log = LogFile(await UidAsync(k, "incluster"));
        await Eventually.TrueAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("done", StringComparison.Ordinal), Patience, "the container read its credentials");
        var text = File.ReadAllText(log);
        Assert.Contains($"stdout F ns={_ns}\n", text);
        Assert.Contains("stdout F token=yes\n", text);
        Assert.Contains("stdout F ca=yes\n", text);
    }

    [Fact]
    public async Task A_process_over_its_memory_limit_is_oom_killed_and_restarted_with_back_off()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, Pod("hog", "a=0123456789abcdef; while :; do a=\"$a$a\"; done", containerExtra: """
                resources:
                  limits: {memory: 32Mi}
            """));
        await WaitForAsync(k, "hog", ".status.containerStatuses[0].lastState.terminated.reason", "OOMKilled", "the container was OOM killed");
        Assert.Equal("137", await JsonPathAsync(k, "hog", ".status.containerStatuses[0].lastState.terminated.exitCode"));
        await Eventually.TrueAsync(async () => await JsonPathAsync(k, "hog", ".status.containerStatuses[0].state.waiting.reason") == "CrashLoopBackOff"
            || int.Parse(await JsonPathAsync(k, "hog", ".status.containerStatuses[0].restartCount") is { Length: > 0 } n ? n : "0", System.Globalization.CultureInfo.InvariantCulture) >= 1,
            Patience, "the container is restarted with back-off");
    }

    [Fact]
    public async Task Restart_policies_decide_whether_an_exited_container_ends_the_pod()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, Pod("fails", "exit 3", restartPolicy: "Never"));
        await ApplyAsync(k, Pod("succeeds", "exit 1", restartPolicy: "OnFailure").Replace("exit 1", "exit 0", StringComparison.Ordinal));
        await WaitForAsync(k, "fails", ".status.phase", "Failed", "the Never pod fails");
        Assert.Equal("3", await JsonPathAsync(k, "fails", ".status.containerStatuses[0].state.terminated.exitCode"));
        Assert.Equal("Error", await JsonPathAsync(k, "fails", ".status.containerStatuses[0].state.terminated.reason"));
        await WaitForAsync(k, "succeeds", ".status.phase", "Succeeded", "the OnFailure pod that exits 0 succeeds");
        Assert.Equal("Completed", await JsonPathAsync(k, "succeeds", ".status.containerStatuses[0].state.terminated.reason"));
    }

    [Fact]
    public async Task A_failing_liveness_probe_restarts_the_container()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, Pod("unhealthy", "sleep 3600", containerExtra: """
                livenessProbe:
                  exec: {command: ["cat", "/tmp/healthy"]}
                  periodSeconds: 1
                  failureThreshold: 1
            """));
        await Eventually.TrueAsync(async () => await JsonPathAsync(k, "unhealthy", ".status.containerStatuses[0].restartCount") is { Length: > 0 } n && n != "0",
            Patience, "the container was restarted");
        var events = (await k.RunAsync("get", "events", "-n", _ns, "--field-selector", "involvedObject.name=unhealthy", "-o", "jsonpath={.items[*].message}")).Ok().Stdout;
        Assert.Contains("failed liveness probe, will be restarted", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_readiness_probe_gates_ready_until_it_passes()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, Pod("warming", "sleep 4; touch /tmp/ready; sleep 3600", containerExtra: """
                readinessProbe:
                  exec: {command: ["cat", "/tmp/ready"]}
                  periodSeconds: 1
            """));
        await WaitForAsync(k, "warming", ".status.phase", "Running", "the pod runs");
        Assert.Equal("false", await JsonPathAsync(k, "warming", ".status.containerStatuses[0].ready"));
        await WaitForAsync(k, "warming", ".status.conditions[?(@.type==\"Ready\")].status", "True", "the pod becomes ready");
    }

    [Fact]
    public async Task Deleting_a_pod_stops_its_container_and_removes_the_object()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, Pod("doomed", "trap 'echo bye; exit 0' TERM; while :; do sleep 0.2; done"));
        await WaitForAsync(k, "doomed", ".status.phase", "Running", "the pod runs");
        var uid = await UidAsync(k, "doomed");
        var id = (await JsonPathAsync(k, "doomed", ".status.containerStatuses[0].containerID")).Replace("runc://", "", StringComparison.Ordinal);
        (await k.RunAsync(["delete", "pod", "doomed", "-n", _ns, "--wait=true"], null, timeout: Patience)).Ok();
        Assert.NotEqual(0, (await k.RunAsync("get", "pod", "doomed", "-n", _ns)).ExitCode);
        Assert.False(Directory.Exists(Path.Combine(node.Server.DataDirectory, "agent", "runtime", "containers", id)));
        Assert.False(Directory.Exists($"/sys/fs/cgroup/memory/kubepods/besteffort/pod{uid}"));
    }

    [Fact]
    public async Task Logs_and_exec_reach_the_container_through_the_api_server()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, Pod("talker", "echo first; echo second; exec sleep 3600"));
        await WaitForAsync(k, "talker", ".status.phase", "Running", "the pod runs");
        await Eventually.TrueAsync(async () => (await k.RunAsync("logs", "talker", "-n", _ns)).Stdout == "first\nsecond\n", Patience, "kubectl logs shows the output");
        Assert.Equal("second\n", (await k.RunAsync("logs", "talker", "-n", _ns, "--tail=1")).Ok().Stdout);
        Assert.Equal("talker\n", (await k.RunAsync("exec", "talker", "-n", _ns, "--", "cat", "/etc/hostname")).Ok().Stdout);
        Assert.Equal(3, (await k.RunAsync("exec", "talker", "-n", _ns, "--", "sh", "-c", "exit 3")).ExitCode);
    }

    [Fact]
    public async Task Two_pods_of_a_deployment_reach_each_other_by_pod_ip()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: httpd
                    image: busybox:latest
                    imagePullPolicy: IfNotPresent
                    command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www"]
            """);
        string[] pods = [];
        await Eventually.TrueAsync(async () =>
        {
            var phases = (await k.RunAsync("get", "pods", "-n", _ns, "-l", "app=web", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.phase}={.status.podIP} {end}")).Stdout
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            pods = phases;
            return phases.Length == 2 && phases.All(p => p.Split('=') is [_, "Running", { Length: > 0 }]);
        }, Patience, "both replicas run with pod IPs");
        var (first, second) = (pods[0].Split('='), pods[1].Split('='));
        Assert.NotEqual(first[2], second[2]);
        await Eventually.TrueAsync(async () => (await k.RunAsync("exec", first[0], "-n", _ns, "--", "wget", "-qO-", $"http://{second[2]}:8080/")).Stdout == second[0] + "\n",
            Patience, "the first replica fetches the second's page by its pod IP");
        Assert.Equal(first[0] + "\n", (await k.RunAsync("exec", second[0], "-n", _ns, "--", "wget", "-qO-", $"http://{first[2]}:8080/")).Ok().Stdout);
    }

    [Fact]
    public async Task Security_context_users_and_a_read_only_root_are_honoured()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, Pod("restricted", "echo uid=$(id -u) gid=$(id -g); touch /rootfile 2>/dev/null && echo writable || echo readonly; touch /tmp/x && echo tmp-ok; sleep 3600",
            extra: """
              securityContext: {runAsUser: 1234, runAsGroup: 2345}
              volumes:
              - name: tmp
                emptyDir: {}
            """,
            containerExtra: """
                securityContext: {readOnlyRootFilesystem: true, allowPrivilegeEscalation: false}
                volumeMounts:
                - {name: tmp, mountPath: /tmp}
            """));
        await WaitForAsync(k, "restricted", ".status.phase", "Running", "the pod runs");
        await Eventually.TrueAsync(async () => (await k.RunAsync("logs", "restricted", "-n", _ns)).Stdout == "uid=1234 gid=2345\nreadonly\ntmp-ok\n",
            Patience, "the container ran as 1234:2345 on a read-only root with a writable emptyDir");
    }

    [Fact]
    public async Task Init_containers_run_in_order_before_the_app_and_share_its_volumes()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: staged
            spec:
              terminationGracePeriodSeconds: 1
              volumes:
              - name: work
                emptyDir: {}
              initContainers:
              - name: first
                image: busybox:latest
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "echo one >> /work/steps"]
                volumeMounts: [{name: work, mountPath: /work}]
              - name: second
                image: busybox:latest
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "echo two >> /work/steps"]
                volumeMounts: [{name: work, mountPath: /work}]
              containers:
              - name: app
                image: busybox:latest
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "cat /work/steps; exec sleep 3600"]
                volumeMounts: [{name: work, mountPath: /work}]
            """);
        await WaitForAsync(k, "staged", ".status.phase", "Running", "the pod runs");
        Assert.Equal("Completed", await JsonPathAsync(k, "staged", ".status.initContainerStatuses[1].state.terminated.reason"));
        await Eventually.TrueAsync(async () => (await k.RunAsync("logs", "staged", "-n", _ns, "-c", "app")).Stdout == "one\ntwo\n", Patience, "the app saw both steps in order");
    }

    [Fact]
    public async Task A_changed_configmap_reaches_the_mounted_files()
    {
        using var k = await NamespaceAsync();
        (await k.RunAsync("create", "configmap", "live", "-n", _ns, "--from-literal=mode=first")).Ok();
        await ApplyAsync(k, Pod("watcher", "exec sleep 3600", extra: """
              volumes:
              - name: live
                configMap: {name: live}
            """,
            containerExtra: """
                volumeMounts:
                - {name: live, mountPath: /etc/live}
            """));
        await WaitForAsync(k, "watcher", ".status.phase", "Running", "the pod runs");
        Assert.Equal("first", (await k.RunAsync("exec", "watcher", "-n", _ns, "--", "cat", "/etc/live/mode")).Ok().Stdout);
        (await k.RunAsync("patch", "configmap", "live", "-n", _ns, "--type=merge", "-p", """{"data":{"mode":"second"}}""")).Ok();
        await Eventually.TrueAsync(async () => (await k.RunAsync("exec", "watcher", "-n", _ns, "--", "cat", "/etc/live/mode")).Stdout == "second",
            TimeSpan.FromSeconds(30), "the file follows the ConfigMap");
    }

    [Fact]
    public async Task A_pre_stop_hook_runs_before_the_container_is_stopped()
    {
        using var k = await NamespaceAsync();
        using var shared = new TempDirectory("prestop");
        await ApplyAsync(k, Pod("hooked", "exec sleep 3600", extra: $$"""
              volumes:
              - name: out
                hostPath: {path: {{shared.Path}}, type: Directory}
            """,
            containerExtra: """
                lifecycle:
                  preStop:
                    exec: {command: ["sh", "-c", "echo stopping > /out/prestop"]}
                  postStart:
                    exec: {command: ["sh", "-c", "echo started > /out/poststart"]}
                volumeMounts:
                - {name: out, mountPath: /out}
            """));
        await WaitForAsync(k, "hooked", ".status.phase", "Running", "the pod runs");
        await Eventually.TrueAsync(() => File.Exists(shared.Combine("poststart")), Patience, "the postStart hook ran");
        (await k.RunAsync(["delete", "pod", "hooked", "-n", _ns, "--wait=true"], null, timeout: Patience)).Ok();
        Assert.Equal("stopping\n", File.ReadAllText(shared.Combine("prestop")));
    }

    [Fact]
    public async Task A_host_network_pod_sees_the_nodes_network()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, Pod("hostnet", "exec sleep 3600", extra: "  hostNetwork: true"));
        await WaitForAsync(k, "hostnet", ".status.phase", "Running", "the pod runs");
        Assert.Equal(await JsonPathAsync(k, "hostnet", ".status.hostIP"), await JsonPathAsync(k, "hostnet", ".status.podIP"));
        var links = (await k.RunAsync("exec", "hostnet", "-n", _ns, "--", "cat", "/proc/net/dev")).Ok().Stdout;
        Assert.Contains(File.ReadAllText("/proc/net/dev").Split('\n')[2].Split(':')[0].Trim(), links, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Port_forward_reaches_a_server_inside_the_pod()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, Pod("served", "mkdir -p /www && echo from-the-pod > /www/index.html && exec httpd -f -p 8080 -h /www", containerExtra: """
                readinessProbe:
                  tcpSocket: {port: 8080}
                  periodSeconds: 1
            """));
        // kubectl ends a whole port-forward on one refused connection: wait for the server to listen (readiness says so).
        await WaitForAsync(k, "served", ".status.conditions[?(@.type==\"Ready\")].status", "True", "httpd listens");
        await using var forward = k.Start("port-forward", "-n", _ns, "pod/served", ":8080", "--address", "127.0.0.1");
        var listening = new System.Text.RegularExpressions.Regex(@"Forwarding from 127\.0\.0\.1:(\d+) -> 8080");
        await forward.WaitForAsync(o => listening.IsMatch(o), Patience, "port-forward listening");
        var port = int.Parse(listening.Match(forward.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var http = new HttpClient { Timeout = Patience };
        Assert.Equal("from-the-pod\n", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/index.html")));
    }

    [Fact]
    public async Task Kubectl_run_with_stdin_attaches_to_the_container_and_removes_the_pod()
    {
        using var k = await NamespaceAsync();
        var run = await k.RunAsync(["run", "reader", "-n", _ns, "-i", "--rm", "--restart=Never", "--image=busybox:latest", "--image-pull-policy=IfNotPresent",
            "--", "sh", "-c", "read line; echo got:$line"], "hello\n", timeout: Patience);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("got:hello", run.Stdout, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "pod", "reader", "-n", _ns)).ExitCode != 0, Patience, "--rm deletes the pod");
    }

    [Fact]
    public async Task A_host_port_reaches_the_pod_through_the_nodes_address()
    {
        using var k = await NamespaceAsync();
        var hostPort = FreePort.Pick();
        await ApplyAsync(k, Pod("published", "mkdir -p /www && echo via-host-port > /www/index.html && exec httpd -f -p 8080 -h /www", containerExtra: $$"""
                ports:
                - {containerPort: 8080, hostPort: {{hostPort}}}
                readinessProbe:
                  tcpSocket: {port: 8080}
                  periodSeconds: 1
            """));
        await WaitForAsync(k, "published", ".status.conditions[?(@.type==\"Ready\")].status", "True", "httpd listens");
        var hostIp = await JsonPathAsync(k, "published", ".status.hostIP");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("via-host-port\n", await http.GetStringAsync(new Uri($"http://{hostIp}:{hostPort}/index.html")));
    }

    [Fact]
    public async Task The_stats_summary_is_served_through_the_node_proxy()
    {
        using var k = await NamespaceAsync();
        await ApplyAsync(k, Pod("measured", "exec sleep 3600"));
        await WaitForAsync(k, "measured", ".status.phase", "Running", "the pod runs");
        var uid = await JsonPathAsync(k, "measured", ".metadata.uid");
        var summary = System.Text.Json.Nodes.JsonNode.Parse((await k.RunAsync("get", "--raw", "/api/v1/nodes/kubelet-e2e/proxy/stats/summary")).Ok().Stdout)!;
        Assert.Equal("kubelet-e2e", summary["node"]!["nodeName"]!.GetValue<string>());
        Assert.True(summary["node"]!["memory"]!["workingSetBytes"]!.GetValue<ulong>() > 0);
        var pod = summary["pods"]!.AsArray().Single(p => p!["podRef"]!["uid"]!.GetValue<string>() == uid)!;
        Assert.Equal("app", pod["containers"]![0]!["name"]!.GetValue<string>());
        Assert.True(pod["memory"]!["usageBytes"]!.GetValue<ulong>() > 0);
        Assert.NotEqual(0, (await k.RunAsync("get", "--raw", "/api/v1/nodes/no-such-node/proxy/stats/summary")).ExitCode);
    }
}
