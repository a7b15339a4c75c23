using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.CustomResources;

internal static class TestJson
{
    /// <summary>Runs <paramref name="change"/> on <paramref name="node"/> and returns it, for building cases inline.</summary>
    public static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
