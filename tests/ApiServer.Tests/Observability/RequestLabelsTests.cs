using Cluster.ApiServer.Http;
using Cluster.ApiServer.Observability;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Tests.Observability;

public sealed class RequestLabelsTests
{
    private static (HttpRequest Request, RequestInfo? Info) Parse(string method, string target, string? contentType = null)
    {
        var http = new DefaultHttpContext();
        var query = target.IndexOf('?', StringComparison.Ordinal);
        http.Request.Method = method;
        http.Request.Path = query < 0 ? target : target[..query];
        http.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(target[query..]);
        http.Request.ContentType = contentType;
        var watch = http.Request.Query["watch"].ToString() is "1" or "true";
        return (http.Request, RequestInfoParser.Parse(method, http.Request.Path.Value!, watch));
    }

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/a/pods", null, "LIST", "namespace")]
    [InlineData("GET", "/api/v1/pods", null, "LIST", "cluster")]
    [InlineData("GET", "/api/v1/namespaces/a/pods/p", null, "GET", "resource")]
    [InlineData("HEAD", "/api/v1/namespaces/a/pods/p", null, "GET", "resource")]
    [InlineData("GET", "/api/v1/namespaces/a/pods?watch=1", null, "WATCH", "namespace")]
    [InlineData("GET", "/api/v1/watch/namespaces/a/pods", null, "WATCH", "namespace")]
    [InlineData("POST", "/api/v1/namespaces/a/pods", null, "POST", "resource")]
    [InlineData("POST", "/api/v1/namespaces", null, "POST", "resource")]
    [InlineData("PUT", "/apis/apps/v1/namespaces/a/deployments/d/scale", null, "PUT", "resource")]
    [InlineData("PATCH", "/api/v1/namespaces/a/pods/p", "application/merge-patch+json", "PATCH", "resource")]
    [InlineData("PATCH", "/api/v1/namespaces/a/pods/p", "application/apply-patch+yaml", "APPLY", "resource")]
    [InlineData("DELETE", "/api/v1/namespaces/a/pods/p", null, "DELETE", "resource")]
    [InlineData("DELETE", "/api/v1/namespaces/a/pods", null, "DELETE", "namespace")]
    [InlineData("GET", "/api/v1/namespaces/a/pods/p/log", null, "CONNECT", "resource")]
    [InlineData("POST", "/api/v1/namespaces/a/pods/p/exec", null, "CONNECT", "resource")]
    [InlineData("GET", "/healthz", null, "GET", "")]
    [InlineData("OPTIONS", "/healthz", null, "other", "")]
    public void Verb_and_scope_are_reported_as_upstream_reports_them(string method, string target, string? contentType, string verb, string scope)
    {
        var (request, info) = Parse(method, target, contentType);
        Assert.Equal(verb, RequestLabels.Verb(request, info));
        Assert.Equal(scope, RequestLabels.Scope(info));
    }

    [Theory]
    [InlineData("/api/v1/namespaces/a/pods", "")]
    [InlineData("/api/v1/namespaces/a/pods?dryRun=All", "All")]
    [InlineData("/api/v1/namespaces/a/pods?dryRun=All&dryRun=All", "All")]
    [InlineData("/api/v1/namespaces/a/pods?dryRun=Some", "invalid")]
    [InlineData("/api/v1/namespaces/a/pods?fieldManager=dryRunner", "")]
    public void Dry_run_is_empty_All_or_invalid(string target, string expected) =>
        Assert.Equal(expected, RequestLabels.DryRun(Parse("POST", target).Request));

    [Theory]
    [InlineData(200, "/openapi/v2")]
    [InlineData(404, "")]
    [InlineData(401, "")]
    public void Non_resource_paths_are_labelled_only_when_they_were_served(int code, string expected) =>
        Assert.Equal(expected, RequestLabels.NonResourcePath(Parse("GET", "/openapi/v2").Request, code));

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/a/pods", "GET /api/v1/namespaces/{namespace}/pods")]
    [InlineData("GET", "/api/v1/pods", "GET /api/v1/pods")]
    [InlineData("PUT", "/apis/apps/v1/namespaces/a/deployments/d/scale", "PUT /apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale")]
    [InlineData("DELETE", "/api/v1/namespaces/a", "DELETE /api/v1/namespaces/{name}")]
    [InlineData("PUT", "/api/v1/namespaces/a/finalize", "PUT /api/v1/namespaces/{name}/finalize")]
    [InlineData("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", "GET /apis/rbac.authorization.k8s.io/v1/clusterroles/{name}")]
    public void Span_names_are_routes_with_placeholders_for_namespace_and_name(string method, string path, string expected) =>
        Assert.Equal(expected, RequestSpans.Route(method, Parse(method, path).Info!));
}
