using System.Text.Json.Nodes;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Apps;

/// <summary>Defaults shared by apps/v1 workloads.</summary>
internal static class WorkloadDefaults
{
    /// <summary>The spec object (created when missing) with its pod template defaulted.</summary>
    public static JsonObject SpecWithTemplate(JsonObject obj)
    {
        var spec = Node.Ensure(obj, "spec");
        PodSpecDefaults.ApplyTemplate(Node.Ensure(spec, "template"));
        return spec;
    }

    /// <summary>Sets a rolling update's maxUnavailable and maxSurge when they are unset.</summary>
    public static void RollingUpdate(JsonObject strategy, string rollingType, JsonNode maxUnavailable, JsonNode maxSurge)
    {
        Node.DefaultString(strategy, "type", rollingType);
        if (Node.S(strategy, "type") != rollingType)
        {
            return;
        }

        var rolling = Node.Ensure(strategy, "rollingUpdate");
        Node.Default(rolling, "maxUnavailable", maxUnavailable);
        Node.Default(rolling, "maxSurge", maxSurge);
    }
}
