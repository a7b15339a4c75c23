using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>What pod spec validation needs besides the spec: whether it is a pod (not a template) and the valid volumes.</summary>
internal sealed class PodValidationContext
{
    public PodValidationContext(bool isPod, string podName)
    {
        IsPod = isPod;
        PodName = podName;
    }

    /// <summary>True for a Pod object; false for a PodSpec embedded in a template.</summary>
    public bool IsPod { get; }

    /// <summary>The pod's name (empty for templates); ephemeral volume claim names derive from it.</summary>
    public string PodName { get; }

    /// <summary>Volumes that validated cleanly, by name; mounts must refer to one of them.</summary>
    public Dictionary<string, JsonObject> Volumes { get; } = new(StringComparer.Ordinal);

    /// <summary>spec.terminationGracePeriodSeconds, bounding sleep actions.</summary>
    public long? GracePeriod { get; set; }

    /// <summary>spec.restartPolicy.</summary>
    public string RestartPolicy { get; set; } = string.Empty;
}
