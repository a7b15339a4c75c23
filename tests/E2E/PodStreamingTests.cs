using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Cluster.E2E.Streaming;
using Cluster.Kubelet.Server.PortForward;
using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>
/// <c>kubectl logs</c> and <c>kubectl port-forward</c> through the API server to the kubelet's API, against real runc
/// containers (see <see cref="StreamingFixture"/>).
/// </summary>
[Trait("tier", "e2e")]
public sealed partial class PodStreamingTests(StreamingFixture f) : IClassFixture<StreamingFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string WebScript = "echo hello; echo oops >&2; echo world; exec httpd -f -p 8080 -h /www";
    private static readonly Dictionary<string, string> WebFiles = new() { ["/www/index.html"] = "served from the pod\n" };

    [Fact]
    public async Task Logs_show_what_the_container_wrote_with_tail_and_timestamps()
    {
        Assert.True(RuncTestContainer.Available, "needs root, runc and busybox");
        var pod = "logs-" + Guid.NewGuid().ToString("N")[..6];
        var runc = await f.StartPodAsync(pod, WebScript, WebFiles);
        await Eventually.TrueAsync(() => File.ReadAllText(runc.LogPath).Split('\n').Length > 3, Patience, "three lines logged");

        var all = (await f.Kubectl.RunAsync("logs", pod, "-n", f.Namespace)).Ok().Stdout;
        Assert.Contains("hello\n", all, StringComparison.Ordinal);
        Assert.Contains("oops\n", all, StringComparison.Ordinal);
        Assert.True(all.IndexOf("hello", StringComparison.Ordinal) < all.IndexOf("world", StringComparison.Ordinal), all);

        var tail = (await f.Kubectl.RunAsync("logs", pod, "-n", f.Namespace, "--tail=1")).Ok().Stdout;
        Assert.Single(tail.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var stamped = (await f.Kubectl.RunAsync("logs", pod, "-n", f.Namespace, "-c", "main", "--timestamps")).Ok().Stdout;
        Assert.All(stamped.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches(Timestamped(), line));

        var limited = (await f.Kubectl.RunAsync("logs", pod, "-n", f.Namespace, "--limit-bytes=3")).Ok().Stdout;
        Assert.Equal(3, limited.Length);
    }

    [Fact]
    public async Task Logs_follow_streams_until_the_container_exits()
    {
        Assert.True(RuncTestContainer.Available, "needs root, runc and busybox");
        var pod = "follow-" + Guid.NewGuid().ToString("N")[..6];
        var runc = await f.StartPodAsync(pod, "echo first; read line; echo second");
        await using var follow = f.Kubectl.Start("logs", "-f", pod, "-n", f.Namespace);
        await follow.WaitForAsync(o => o.Contains("first", StringComparison.Ordinal), Patience, "the first line");
        runc.CloseStdin();
        await follow.WaitForAsync(o => o.Contains("second", StringComparison.Ordinal), Patience, "the line written after the follow began");
        Assert.Equal(0, await follow.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task Port_forward_reaches_a_listener_in_the_pods_network_namespace()
    {
        Assert.True(RuncTestContainer.Available, "needs root, runc and busybox");
        var pod = "pf-" + Guid.NewGuid().ToString("N")[..6];
        var runc = await f.StartPodAsync(pod, WebScript, WebFiles);
        // kubectl ends the whole port-forward on a refused connection: wait until httpd listens in the pod's namespace.
        var netns = $"/proc/{await runc.PidAsync()}/ns/net";
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var probe = await NetnsDialer.ConnectAsync(netns, 8080, CancellationToken.None);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, Patience, "httpd listening inside the pod");
        await using var forward = f.Kubectl.Start("port-forward", "-n", f.Namespace, "pod/" + pod, ":8080", "--address", "127.0.0.1");
        await forward.WaitForAsync(o => Forwarding().IsMatch(o), Patience, "port-forward listening");
        var port = int.Parse(Forwarding().Match(forward.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        using var http = new HttpClient { Timeout = Patience };
        Assert.Equal("served from the pod\n", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/index.html")));
        // A second connection over the same session.
        Assert.Equal("served from the pod\n", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/index.html")));
    }

    [Fact]
    public async Task Port_forward_to_a_closed_port_reports_the_error_from_the_pod()
    {
        Assert.True(RuncTestContainer.Available, "needs root, runc and busybox");
        var pod = "pfclosed-" + Guid.NewGuid().ToString("N")[..6];
        await f.StartPodAsync(pod, "exec sleep 100000");
        await using var forward = f.Kubectl.Start("port-forward", "-n", f.Namespace, "pod/" + pod, ":9", "--address", "127.0.0.1");
        await forward.WaitForAsync(o => Forwarding().IsMatch(o), Patience, "port-forward listening");
        var port = int.Parse(Forwarding().Match(forward.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        // kubectl prints the error from the pod's side and ends the session.
        Assert.NotEqual(0, await forward.WaitForExitAsync(Patience));
        Assert.True(forward.Output.Contains("error forwarding port 9 to pod", StringComparison.Ordinal), forward.Output);
        Assert.Contains("connection refused", forward.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_requests_the_server_can_refuse_are_statuses()
    {
        Assert.True(RuncTestContainer.Available, "needs root, runc and busybox");
        var pod = "errs-" + Guid.NewGuid().ToString("N")[..6];
        await f.CreatePodAsync(pod, f.NodeName, "sidecar");
        var ambiguous = await f.Kubectl.RunAsync("logs", pod, "-n", f.Namespace, "-c", "nope");
        Assert.NotEqual(0, ambiguous.ExitCode);
        Assert.Contains($"container nope is not valid for pod {pod}", ambiguous.Stderr, StringComparison.Ordinal);

        using var client = f.Server.CreateClient();
        using var several = await client.GetAsync(new Uri($"/api/v1/namespaces/{f.Namespace}/pods/{pod}/log", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, several.StatusCode);
        Assert.Contains($"a container name must be specified for pod {pod}, choose one of: [main sidecar]", await several.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var negative = await client.GetAsync(new Uri($"/api/v1/namespaces/{f.Namespace}/pods/{pod}/log?container=main&tailLines=-1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, negative.StatusCode);

        var unscheduled = "unscheduled-" + Guid.NewGuid().ToString("N")[..6];
        await f.CreatePodAsync(unscheduled, node: null);
        using var noHost = await client.GetAsync(new Uri($"/api/v1/namespaces/{f.Namespace}/pods/{unscheduled}/log", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, noHost.StatusCode);
        Assert.Contains("does not have a host assigned", await noHost.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var missing = await f.Kubectl.RunAsync("logs", "no-such-pod", "-n", f.Namespace);
        Assert.Contains("pods \"no-such-pod\" not found", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_runs_a_command_in_the_container_and_passes_on_output_stdin_and_exit_codes()
    {
        Assert.True(RuncTestContainer.Available, "needs root, runc and busybox");
        Assert.True(StreamingFixture.ShimPath is not null, "needs cluster-shim: build src/Shim");
        var pod = "exec-" + Guid.NewGuid().ToString("N")[..6];
        await f.StartPodAsync(pod, "echo started; exec sleep 100000");

        var hi = (await f.Kubectl.RunAsync("exec", pod, "-n", f.Namespace, "--", "echo", "hi")).Ok();
        Assert.Equal("hi\n", hi.Stdout);

        var failed = await f.Kubectl.RunAsync("exec", pod, "-n", f.Namespace, "--", "sh", "-c", "echo to-err >&2; exit 3");
        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("to-err", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("command terminated with exit code 3", failed.Stderr, StringComparison.Ordinal);

        var piped = (await f.Kubectl.RunAsync(["exec", "-i", pod, "-n", f.Namespace, "--", "cat"], "through stdin\nsecond line\n")).Ok();
        Assert.Equal("through stdin\nsecond line\n", piped.Stdout);

        var missing = await f.Kubectl.RunAsync("exec", pod, "-n", f.Namespace, "-c", "nope", "--", "true");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains($"container nope is not valid for pod {pod}", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_joins_the_containers_stdin_and_output_through_the_shims_attach_socket()
    {
        Assert.True(RuncTestContainer.Available, "needs root, runc and busybox");
        Assert.True(StreamingFixture.ShimPath is not null, "needs cluster-shim: build src/Shim");
        var pod = "attach-" + Guid.NewGuid().ToString("N")[..6];
        var runc = await f.StartShimPodAsync(pod, "read line; echo \"got $line\"");
        var attached = await f.Kubectl.RunAsync(["attach", "-i", pod, "-n", f.Namespace, "-c", "main"], "hello\n");
        Assert.Contains("got hello", attached.Stdout, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => !runc.Running, Patience, "the container exits after its read");
        Assert.Contains("got hello", (await f.Kubectl.RunAsync("logs", pod, "-n", f.Namespace)).Ok().Stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z \S")]
    private static partial Regex Timestamped();

    [GeneratedRegex(@"Forwarding from 127\.0\.0\.1:(\d+) ->")]
    private static partial Regex Forwarding();
}
