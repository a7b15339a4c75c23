using Cluster.ApiServer.Http;

namespace Cluster.ApiServer.Tests.Http;

public sealed class RequestInfoParserTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/default/pods", false, "list", "", "pods", "default", "", "")]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web", false, "get", "", "pods", "default", "web", "")]
    [InlineData("GET", "/api/v1/pods", false, "list", "", "pods", "", "", "")]
    [InlineData("GET", "/api/v1/pods", true, "watch", "", "pods", "", "", "")]
    [InlineData("GET", "/api/v1/watch/namespaces/ns/pods", false, "watch", "", "pods", "ns", "", "")]
    [InlineData("GET", "/api/v1/namespaces/ns/pods/web", true, "watch", "", "pods", "ns", "web", "")]
    [InlineData("POST", "/apis/apps/v1/namespaces/ns/deployments", false, "create", "apps", "deployments", "ns", "", "")]
    [InlineData("PUT", "/apis/apps/v1/namespaces/ns/deployments/web/scale", false, "update", "apps", "deployments", "ns", "web", "scale")]
    [InlineData("PATCH", "/api/v1/namespaces/ns/pods/web/status", false, "patch", "", "pods", "ns", "web", "status")]
    [InlineData("DELETE", "/api/v1/namespaces/ns/configmaps", false, "deletecollection", "", "configmaps", "ns", "", "")]
    [InlineData("GET", "/api/v1/namespaces/team", false, "get", "", "namespaces", "", "team", "")]
    [InlineData("GET", "/api/v1/namespaces", false, "list", "", "namespaces", "", "", "")]
    [InlineData("PUT", "/api/v1/namespaces/team/finalize", false, "update", "", "namespaces", "", "team", "finalize")]
    [InlineData("PUT", "/api/v1/namespaces/team/status", false, "update", "", "namespaces", "", "team", "status")]
    [InlineData("GET", "/api/v1/nodes/n1", false, "get", "", "nodes", "", "n1", "")]
    public void Paths_resolve_to_verb_and_resource(string method, string path, bool watch, string verb, string group, string resource, string ns, string name, string sub)
    {
        var info = RequestInfoParser.Parse(method, path, watch);
        Assert.Equal(new RequestInfo(verb, group, "v1", resource, ns, name, sub), info);
    }

    [Theory]
    [InlineData("/api/v1/nodes/n1/proxy/stats/summary", "stats/summary")]
    [InlineData("/api/v1/nodes/n1/proxy/healthz", "healthz")]
    [InlineData("/api/v1/nodes/n1/proxy", "")]
    public void Proxy_subresources_keep_the_rest_of_the_path(string path, string rest) =>
        Assert.Equal(new RequestInfo("get", "", "v1", "nodes", "", "n1", "proxy", rest), RequestInfoParser.Parse("GET", path, false));

    [Theory]
    [InlineData("/api")]
    [InlineData("/apis/apps")]
    [InlineData("/api/v1/namespaces/ns/pods/web/log/extra")]
    [InlineData("/api/v1//pods")]
    [InlineData("/healthz")]
    public void Non_resource_paths_are_not_parsed(string path) => Assert.Null(RequestInfoParser.Parse("GET", path, false));
}
