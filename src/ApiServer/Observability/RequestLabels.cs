using Cluster.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Observability;

/// <summary>
/// The labels upstream puts on request metrics: the reported verb (GET, LIST, WATCH, POST, PUT, PATCH, APPLY,
/// DELETE, CONNECT), the scope (resource, namespace, cluster, or empty for non-resource paths) and dry_run.
/// Every value is a constant or a string the request already holds, so labelling allocates nothing.
/// </summary>
internal static class RequestLabels
{
    public static string Verb(HttpRequest request, RequestInfo? info)
    {
        if (info is null)
        {
            return request.Method switch
            {
                "GET" or "HEAD" => "GET",
                "POST" => "POST",
                "PUT" => "PUT",
                "PATCH" => "PATCH",
                "DELETE" => "DELETE",
                _ => "other",
            };
        }
        if (info.Subresource is "log" or "exec" or "attach" or "portforward" or "proxy") return "CONNECT";
        return info.Verb switch
        {
            "get" => "GET",
            "list" => "LIST",
            "watch" => "WATCH",
            "create" => "POST",
            "update" => "PUT",
            "patch" => request.ContentType?.StartsWith("application/apply-patch", StringComparison.OrdinalIgnoreCase) == true ? "APPLY" : "PATCH",
            "delete" or "deletecollection" => "DELETE",
            _ => "other",
        };
    }

    public static string Scope(RequestInfo? info) => info switch
    {
        null => "",
        _ when info.Name.Length > 0 || info.Verb == "create" => "resource",
        _ when info.Namespace.Length > 0 => "namespace",
        _ => "cluster",
    };

    /// <summary>Empty unless <c>dryRun</c> is given: then <c>All</c>, or <c>invalid</c> for anything else.</summary>
    public static string DryRun(HttpRequest request)
    {
        if (request.QueryString.Value is not { } query || !query.Contains("dryRun", StringComparison.Ordinal)) return "";
        var values = request.Query["dryRun"];
        if (values.Count == 0) return "";
        foreach (var v in values)
        {
            if (v != "All") return "invalid";
        }
        return "All";
    }

    /// <summary>
    /// The path of a non-resource request (<c>/healthz</c>, <c>/apis</c>, <c>/openapi/v2</c>) as upstream reports
    /// it in <c>subresource</c>; empty when it failed, so unknown paths cannot grow the label set without bound.
    /// </summary>
    public static string NonResourcePath(HttpRequest request, int code) =>
        code < 400 ? request.Path.Value ?? "" : "";
}
