using Cluster.ApiServer.Errors;

namespace Cluster.ApiServer.Handlers;

/// <summary>GET of one object: the latest version (any resourceVersion parameter is served the latest too, which is "not older than").</summary>
public sealed class GetHandler(ApiServices api, ResponseRenderer render)
{
    public async Task HandleAsync(ApiRequest req)
    {
        var obj = await api.Storage.GetAsync(req.Resource, req.Namespace, req.Name, req.Aborted)
            ?? throw ApiErrors.NotFound(req.GroupResource, req.Name);
        await render.ObjectAsync(req, 200, obj);
    }
}
