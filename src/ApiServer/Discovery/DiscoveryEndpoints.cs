using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Discovery;

/// <summary>
/// Serves discovery: <c>/api</c> and <c>/apis</c> aggregated when the Accept header asks for
/// <c>as=APIGroupDiscoveryList</c> (the response Content-Type says which form it is: kubectl decides by it), else
/// legacy; and the legacy per-group and per-group-version documents.
/// </summary>
public sealed class DiscoveryEndpoints(DiscoveryDocuments documents)
{
    public static bool IsDiscoveryPath(string path)
    {
        var parts = path.Trim('/').Split('/');
        return (parts[0] == "api" && parts.Length <= 2) || (parts[0] == "apis" && parts.Length <= 3);
    }

    public async Task<bool> TryHandleAsync(HttpContext http, string path)
    {
        if (http.Request.Method is not ("GET" or "HEAD")) throw ApiErrors.MethodNotAllowed(http.Request.Method, new GroupResource("", ""));
        var parts = path.Trim('/').Split('/');
        JsonObject? doc;
        if (parts.Length == 1)
        {
            if (AggregatedVersion(http) is { } version)
            {
                await Responses.WriteJsonAsync(http, 200, documents.Aggregated(parts[0] == "api", version),
                    $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList");
                return true;
            }
            var host = http.Request.Host.HasValue ? http.Request.Host.Value : "127.0.0.1:6443";
            doc = parts[0] == "api" ? documents.ApiVersions(host) : documents.ApiGroupList();
        }
        else if (parts[0] == "api")
        {
            doc = documents.ResourceList("", parts[1]);
        }
        else
        {
            doc = parts.Length == 2 ? documents.ApiGroup(parts[1]) : documents.ResourceList(parts[1], parts[2]);
        }
        if (doc is null) throw ApiErrors.PathNotFound();
        await Responses.WriteJsonAsync(http, 200, doc);
        return true;
    }

    /// <summary>"v2" or "v2beta1" if the client accepts the aggregated form, in its order of preference.</summary>
    private static string? AggregatedVersion(HttpContext http)
    {
        foreach (var accept in http.Request.Headers.Accept)
        {
            foreach (var clause in (accept ?? "").Split(','))
            {
                var p = clause.Split(';', StringSplitOptions.TrimEntries);
                if (p[0] != "application/json") continue;
                if (!p.Contains("as=APIGroupDiscoveryList") || !p.Contains("g=apidiscovery.k8s.io")) continue;
                if (p.Contains("v=v2")) return "v2";
                if (p.Contains("v=v2beta1")) return "v2beta1";
            }
        }
        return null;
    }
}
