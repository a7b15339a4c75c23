using Cluster.Api.Core.V1;

namespace Cluster.Kubelet.Pods;

/// <summary>A pod's resolver configuration and the warnings (event reason, message) forming it raised.</summary>
public sealed record PodDnsResult(ResolverConfig Config, IReadOnlyList<(string Reason, string Message)> Warnings);

/// <summary>
/// The resolv.conf of a pod as the kubelet forms it from spec.dnsPolicy and spec.dnsConfig:
/// ClusterFirst (the default) uses the cluster DNS with the search path <c>ns.svc.D svc.D D</c> plus the node's search
/// domains and <c>ndots:5</c>, except for hostNetwork pods, which get the node's configuration as with Default;
/// ClusterFirstWithHostNet is ClusterFirst for every pod; Default is the node's resolv.conf; None starts empty.
/// dnsConfig's nameservers and searches are then appended (repeats dropped) and its options merged by name; finally at
/// most 3 nameservers and 32 search domains of at most 253 characters, 2048 in all, are kept, each cut with a warning.
/// </summary>
public static class PodDns
{
    public const int MaxNameservers = 3;
    public const int MaxSearchDomains = 32;
    public const int MaxSearchLineLength = 2048;
    public const int MaxSearchDomainLength = 253;

    public static PodDnsResult Form(Pod pod, PodDnsSettings settings, ResolverConfig node)
    {
        var warnings = new List<(string, string)>();
        var policy = pod.Spec?.DnsPolicy is { Length: > 0 } p ? p : "ClusterFirst";
        var hostNetwork = pod.Spec?.HostNetwork == true;
        var useCluster = policy == "ClusterFirstWithHostNet" || (policy == "ClusterFirst" && !hostNetwork);
        if (useCluster && settings.ClusterDns.Count == 0)
        {
            warnings.Add(("MissingClusterDNS",
                $"pod: \"{pod.Metadata?.Name}_{pod.Metadata?.Namespace}({pod.Metadata?.Uid})\". kubelet does not have ClusterDNS IP configured and cannot create Pod using \"{policy}\" policy. Falling back to \"Default\" policy."));
            useCluster = false;
        }

        var config = policy == "None" ? ResolverConfig.Empty
            : useCluster ? new ResolverConfig(settings.ClusterDns, ClusterSearches(pod, settings.ClusterDomain, node.Searches), ["ndots:5"])
            : node;
        if (pod.Spec?.DnsConfig is { } extra)
        {
            config = new ResolverConfig(
                [.. config.Nameservers.Concat(extra.Nameservers ?? []).Distinct(StringComparer.Ordinal)],
                [.. config.Searches.Concat(extra.Searches ?? []).Distinct(StringComparer.Ordinal)],
                ResolverConfig.MergeOptions(config.Options, (extra.Options ?? []).Where(o => o.Name is { Length: > 0 }).Select(o => o.Value is { Length: > 0 } v ? $"{o.Name}:{v}" : o.Name!)));
        }
        return new PodDnsResult(FitLimits(config, warnings), warnings);
    }

    private static IReadOnlyList<string> ClusterSearches(Pod pod, string domain, IReadOnlyList<string> nodeSearches)
    {
        if (domain.Length == 0) return nodeSearches;
        var ns = pod.Metadata?.Namespace ?? "default";
        return [.. new[] { $"{ns}.svc.{domain}", $"svc.{domain}", domain }.Concat(nodeSearches).Distinct(StringComparer.Ordinal)];
    }

    private static ResolverConfig FitLimits(ResolverConfig config, List<(string, string)> warnings)
    {
        var nameservers = config.Nameservers;
        if (nameservers.Count > MaxNameservers)
        {
            nameservers = [.. nameservers.Take(MaxNameservers)];
            warnings.Add(("DNSConfigForming", "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: " + string.Join(' ', nameservers)));
        }

        var searches = config.Searches.Take(MaxSearchDomains).Where(s => s.Length <= MaxSearchDomainLength).ToList();
        var cut = searches.Count != config.Searches.Count;
        // Too long a line loses whole domains from its end until it fits.
        while (searches.Count > 0 && string.Join(' ', searches).Length > MaxSearchLineLength)
        {
            searches.RemoveAt(searches.Count - 1);
            cut = true;
        }
        if (cut) warnings.Add(("DNSConfigForming", "Search Line limits were exceeded, some search paths have been omitted, the applied search line is: " + string.Join(' ', searches)));
        return new ResolverConfig(nameservers, searches, config.Options);
    }
}
