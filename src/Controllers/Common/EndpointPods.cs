using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Common;

/// <summary>Which pods a Service's endpoints list and on which port, shared by the Endpoints and EndpointSlice controllers.</summary>
public static class EndpointPods
{
    /// <summary>
    /// Upstream's ShouldPodBeInEndpoints: the pod has an IP, is not being deleted unless terminating pods are included,
    /// and has not finished for good (a Failed pod restarts under OnFailure, nothing restarts under Never).
    /// </summary>
    public static bool Belongs(Pod pod, bool includeTerminating)
    {
        if (pod.Status?.PodIP is not { Length: > 0 } && pod.Status?.PodIPs is not { Count: > 0 }) return false;
        if (!includeTerminating && pod.Metadata?.DeletionTimestamp is not null) return false;
        return (pod.Spec?.RestartPolicy, pod.Status?.Phase) switch
        {
            ("Never", "Succeeded" or "Failed") => false,
            ("OnFailure", "Succeeded") => false,
            _ => true,
        };
    }

    /// <summary>The pod's IPs, primary first (status.podIPs, or status.podIP alone).</summary>
    public static IEnumerable<string> Ips(Pod pod) =>
        pod.Status?.PodIPs is { Count: > 0 } ips ? ips.Select(i => i.Ip).OfType<string>() : pod.Status?.PodIP is { Length: > 0 } ip ? [ip] : [];

    /// <summary>The port a service port reaches on a pod: a number as is, a name looked up in the pod's container ports; null if the pod lacks it.</summary>
    public static int? TargetPort(ServicePort port, Pod pod)
    {
        var target = port.TargetPort;
        if (target is null) return port.Port;
        if (target.Value.IsInt) return target.Value.IntValue;
        var name = target.Value.StringValue;
        var protocol = port.Protocol ?? "TCP";
        foreach (var container in pod.Spec?.Containers ?? [])
            foreach (var p in container.Ports ?? [])
                if (p.Name == name && (p.Protocol ?? "TCP") == protocol) return p.ContainerPortValue;
        return null;
    }

    /// <summary>Upstream's ShouldSetHostname: the pod names a hostname and sits in the service's subdomain.</summary>
    public static string? Hostname(Service service, Pod pod) =>
        pod.Spec?.Hostname is { Length: > 0 } host && pod.Spec.Subdomain == service.Metadata?.Name && pod.Metadata?.Namespace == service.Metadata?.Namespace ? host : null;
}
