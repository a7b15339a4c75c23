using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Handlers;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Proxy;

/// <summary>
/// <c>GET nodes/NAME/proxy/PATH</c>: the node's kubelet API at PATH (e.g. <c>stats/summary</c>, what metrics-server
/// reads; <c>kubectl get --raw /api/v1/nodes/NAME/proxy/stats/summary</c>), over TLS with the API server's kubelet client
/// certificate; the kubelet's status code, content type and body are passed through.
/// </summary>
public sealed class NodeProxyHandler(ApiServices api, KubeletConnector kubelets)
{
    public async Task HandleAsync(ApiRequest req)
    {
        if (!HttpMethods.IsGet(req.Http.Request.Method)) throw ApiErrors.MethodNotAllowed(req.Info.Verb, new GroupResource("", "nodes/proxy"));
        var node = await api.Storage.GetAsync(req.Resource, "", req.Name, req.Aborted) ?? throw ApiErrors.NotFound(req.GroupResource, req.Name);
        var location = KubeletLocation.Of(node, req.Name);
        var path = "/" + string.Join('/', req.Info.SubresourcePath.Split('/').Select(Uri.EscapeDataString)) + req.Http.Request.QueryString.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://{location.Authority}{path}"));
        HttpResponseMessage response;
        try
        {
            response = await kubelets.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, req.Aborted);
        }
        catch (HttpRequestException e)
        {
            throw KubeletConnector.Unreachable(req.Name, location, e);
        }

        using (response)
        {
            var http = req.Http.Response;
            http.StatusCode = (int)response.StatusCode;
            http.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
            await using var body = await response.Content.ReadAsStreamAsync(req.Aborted);
            await body.CopyToAsync(http.Body, req.Aborted);
        }
    }
}
