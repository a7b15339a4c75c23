using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Handlers;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Proxy;

/// <summary>
/// pods/log, pods/exec, pods/attach and pods/portforward: finds the pod (404), its container (400 when ambiguous or
/// unknown) and its node's kubelet (400 when unscheduled), then proxies to the kubelet's API: logs stream through as
/// chunked text (flushed per chunk, until the kubelet ends or the client goes away); the others are HTTP/1.1 upgrades
/// tunnelled byte for byte (<see cref="UpgradeTunnel"/>).
/// </summary>
public sealed class PodConnectHandler(ApiServices api, KubeletConnector kubelets)
{
    public async Task HandleAsync(ApiRequest req)
    {
        var method = req.Http.Request.Method;
        var allowed = req.Info.Subresource switch
        {
            "log" => HttpMethods.IsGet(method),
            "portforward" or "exec" or "attach" => HttpMethods.IsGet(method) || HttpMethods.IsPost(method),
            _ => false,
        };
        if (!allowed) throw ApiErrors.MethodNotAllowed(req.Info.Verb, new GroupResource("", "pods/" + req.Info.Subresource));

        var pod = await api.Storage.GetAsync(req.Resource, req.Namespace, req.Name, req.Aborted) ?? throw ApiErrors.NotFound(req.GroupResource, req.Name);
        var ns = Uri.EscapeDataString(req.Namespace);
        var name = Uri.EscapeDataString(req.Name);
        switch (req.Info.Subresource)
        {
            case "log":
            {
                var container = PodContainers.Choose(pod, req.Name, req.Query("container"));
                var query = PodLogQuery.ForKubelet(req.Http.Request.Query, req.Name);
                var (location, node) = await LocateAsync(pod, req);
                await StreamLogAsync(req, location, node, $"/containerLogs/{ns}/{name}/{Uri.EscapeDataString(container)}{query}");
                return;
            }
            case "exec" or "attach":
            {
                var container = PodContainers.Choose(pod, req.Name, req.Query("container"));
                var (location, node) = await LocateAsync(pod, req);
                var query = req.Http.Request.QueryString.Value ?? "";
                await TunnelAsync(req, location, node, $"/{req.Info.Subresource}/{ns}/{name}/{Uri.EscapeDataString(container)}{query}");
                return;
            }
            default:
            {
                var (location, node) = await LocateAsync(pod, req);
                await TunnelAsync(req, location, node, $"/portForward/{ns}/{name}");
                return;
            }
        }
    }

    private async Task<(KubeletLocation Location, string Node)> LocateAsync(JsonObject pod, ApiRequest req)
    {
        var nodeName = PodContainers.NodeOf(pod, req.Name);
        var nodes = api.Registry.Find("", "v1", "nodes") ?? throw ApiErrors.Internal("the nodes resource is not served");
        var node = await api.Storage.GetAsync(nodes, "", nodeName, req.Aborted)
            ?? throw ApiErrors.ServiceUnavailable($"node {nodeName} of pod {req.Name} does not exist");
        return (KubeletLocation.Of(node, nodeName), nodeName);
    }

    private async Task StreamLogAsync(ApiRequest req, KubeletLocation location, string node, string pathAndQuery)
    {
        var ct = req.Aborted;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://{location.Authority}{pathAndQuery}"));
        HttpResponseMessage response;
        try
        {
            response = await kubelets.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw KubeletConnector.Unreachable(node, location, e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw KubeletStatus.ToException((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(ct));
            var http = req.Http.Response;
            http.StatusCode = 200;
            http.ContentType = "text/plain";
            await http.StartAsync(ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[32 * 1024];
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    await http.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                    await http.Body.FlushAsync(ct);
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
            {
                // The kubelet went away mid-stream: the client sees the stream end.
            }
        }
    }

    private async Task TunnelAsync(ApiRequest req, KubeletLocation location, string node, string pathAndQuery)
    {
        await using var kubelet = await kubelets.ConnectAsync(location, node, req.Aborted);
        await UpgradeTunnel.ProxyAsync(req.Http, kubelet, location, pathAndQuery, req.Aborted);
    }
}
