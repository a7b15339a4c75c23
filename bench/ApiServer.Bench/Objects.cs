using System.Text;

namespace Cluster.ApiServer.Bench;

/// <summary>The request bodies the loads send.</summary>
internal static class Objects
{
    private static readonly string Kilobyte = new('x', 1024);

    /// <summary>A ConfigMap holding 1 KiB of data.</summary>
    public static HttpContent ConfigMap(string name) => Json(ConfigMapJson(name));

    public static byte[] ConfigMapBytes(string name) => Encoding.UTF8.GetBytes(ConfigMapJson(name));

    private static string ConfigMapJson(string name) =>
        """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"NAME","labels":{"bench":"create"}},"data":{"payload":"DATA"}}"""
            .Replace("NAME", name, StringComparison.Ordinal).Replace("DATA", Kilobyte, StringComparison.Ordinal);

    /// <summary>A small pod, as a controller would create it.</summary>
    public static HttpContent Pod(string name) =>
        Json("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME","labels":{"app":"bench","tier":"web"}},"spec":{"containers":[{"name":"app","image":"registry.local/app:1.0","ports":[{"containerPort":8080}]}]}}"""
            .Replace("NAME", name, StringComparison.Ordinal));

    public static HttpContent Namespace(string name) => Json("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"NAME"}}""".Replace("NAME", name, StringComparison.Ordinal));

    public static HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");
}
