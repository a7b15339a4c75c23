namespace Cluster.ApiServer.Http;

/// <summary>
/// Turns <c>/api/v1/...</c> and <c>/apis/&lt;group&gt;/&lt;version&gt;/...</c> resource paths into a <see cref="RequestInfo"/>.
/// Returns null for paths that are not resource requests (discovery documents, unknown shapes).
/// </summary>
public static class RequestInfoParser
{
    public static RequestInfo? Parse(string method, string path, bool watchQuery)
    {
        var parts = path.Trim('/').Split('/');
        string group, version;
        int rest;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, rest) = ("", parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, rest) = (parts[1], parts[2], 3);
        }
        else
        {
            return null;
        }
        if (parts.Skip(rest).Any(p => p.Length == 0)) return null;

        var watchPath = false;
        if (parts[rest] == "watch")
        {
            watchPath = true;
            rest++;
            if (rest >= parts.Length) return null;
        }

        string ns = "", resource, name = "", sub = "";
        var p = parts.AsSpan(rest);
        if (p[0] == "namespaces" && p.Length >= 3 && !(p.Length == 3 && p[2] is "status" or "finalize"))
        {
            ns = p[1];
            p = p[2..];
        }
        // Only proxy subresources carry a path of their own (nodes/NAME/proxy/stats/summary).
        var proxyPath = p.Length > 3 && p[2] == "proxy" ? string.Join('/', p[3..].ToArray()) : "";
        if (p.Length > 3 && proxyPath.Length == 0) return null;
        resource = p[0];
        if (p.Length >= 2) name = p[1];
        if (p.Length >= 3) sub = p[2];
        if (resource == "namespaces" && name.Length > 0)
        {
            // A namespace is itself cluster-scoped; its name is not a namespace of the request.
            ns = "";
        }

        var verb = method switch
        {
            "GET" or "HEAD" when watchPath || (watchQuery && name.Length == 0) => "watch",
            "GET" or "HEAD" when watchQuery && sub.Length == 0 => "watch",
            "GET" or "HEAD" => name.Length == 0 ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length == 0 ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };
        return new RequestInfo(verb, group, version, resource, ns, name, sub, proxyPath);
    }
}
