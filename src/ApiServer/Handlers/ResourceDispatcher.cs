using Cluster.ApiServer.Auth;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Handlers;

/// <summary>Sends a resource request to the generic handler for its verb and subresource.</summary>
public sealed class ResourceDispatcher(
    ApiServices api,
    GetHandler get,
    ListHandler list,
    WatchHandler watch,
    CreateHandler create,
    UpdateHandler update,
    PatchHandler patch,
    DeleteHandler delete,
    ScaleHandler scale,
    BindingHandler binding,
    TokenRequestHandler tokenRequest,
    NamespaceFinalizeHandler finalize,
    Proxy.PodConnectHandler podConnect,
    Proxy.NodeProxyHandler nodeProxy)
{
    public async Task DispatchAsync(HttpContext http, RequestInfo info, UserInfo user)
    {
        var r = api.Registry.Find(info.Group, info.Version, info.Resource) ?? throw ApiErrors.PathNotFound();
        if (r.Namespaced && info.Namespace.Length == 0 && info.Verb is not ("list" or "watch" or "deletecollection")) throw ApiErrors.PathNotFound();
        if (!r.Namespaced && info.Namespace.Length > 0) throw ApiErrors.PathNotFound();
        var req = new ApiRequest(http, info, r, user);

        switch (info.Subresource)
        {
            case "":
                await (info.Verb switch
                {
                    "get" => get.HandleAsync(req),
                    "list" => list.HandleAsync(req),
                    "watch" => watch.HandleAsync(req),
                    "create" => create.HandleAsync(req),
                    "update" => update.HandleAsync(req),
                    "patch" => patch.HandleAsync(req),
                    "delete" => delete.HandleAsync(req),
                    "deletecollection" => delete.HandleCollectionAsync(req),
                    _ => throw ApiErrors.MethodNotAllowed(info.Verb, r.GroupResource),
                });
                return;
            case "status" when r.HasStatus:
                await (info.Verb switch
                {
                    "get" => get.HandleAsync(req),
                    "update" => update.HandleAsync(req),
                    "patch" => patch.HandleAsync(req),
                    _ => throw ApiErrors.MethodNotAllowed(info.Verb, new GroupResource(r.Group, r.Plural + "/status")),
                });
                return;
            case "scale" when r.HasScale:
                await scale.HandleAsync(req);
                return;
            case "binding" when r.Kind == "Pod" && r.Group.Length == 0:
                if (info.Verb != "create") throw ApiErrors.MethodNotAllowed(info.Verb, new GroupResource("", "pods/binding"));
                await binding.HandleAsync(req);
                return;
            case "token" when r.Kind == "ServiceAccount" && r.Group.Length == 0:
                if (info.Verb != "create") throw ApiErrors.MethodNotAllowed(info.Verb, new GroupResource("", "serviceaccounts/token"));
                await tokenRequest.HandleAsync(req);
                return;
            case "finalize" when r.Kind == "Namespace" && r.Group.Length == 0:
                await finalize.HandleAsync(req);
                return;
            case "proxy" when r.Kind == "Node" && r.Group.Length == 0:
                await nodeProxy.HandleAsync(req);
                return;
            case "log" or "exec" or "attach" or "portforward" when r.Kind == "Pod" && r.Group.Length == 0:
                await podConnect.HandleAsync(req);
                return;
            default:
                if (r.ExtraSubresources.Any(s => s.Name == info.Subresource))
                    throw ApiErrors.MethodNotAllowed(info.Verb, new GroupResource(r.Group, $"{r.Plural}/{info.Subresource}"));
                throw ApiErrors.PathNotFound();
        }
    }
}
