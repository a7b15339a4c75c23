using System.Globalization;

namespace Cluster.Kubelet.Pods;

/// <summary>
/// Where the agent keeps each pod's files: pods/&lt;uid&gt;/ (volumes, etc-hosts, hostname, resolv.conf, termination
/// messages) and logs/&lt;ns&gt;_&lt;name&gt;_&lt;uid&gt;/&lt;container&gt;/&lt;restart&gt;.log as the kubelet lays out
/// /var/log/pods.
/// </summary>
public sealed class PodPaths(string dataDirectory)
{
    public string PodsRoot { get; } = Path.Combine(dataDirectory, "pods");

    public string LogsRoot { get; } = Path.Combine(dataDirectory, "logs");

    public string PodDirectory(string uid) => Path.Combine(PodsRoot, uid);

    public string VolumesDirectory(string uid) => Path.Combine(PodDirectory(uid), "volumes");

    public string Volume(string uid, string volume) => Path.Combine(VolumesDirectory(uid), volume);

    public string EtcHosts(string uid) => Path.Combine(PodDirectory(uid), "etc-hosts");

    public string Hostname(string uid) => Path.Combine(PodDirectory(uid), "etc-hostname");

    public string ResolvConf(string uid) => Path.Combine(PodDirectory(uid), "resolv.conf");

    public string TerminationMessage(string uid, string container, int attempt) =>
        Path.Combine(PodDirectory(uid), "containers", container, $"termination-log-{attempt.ToString(CultureInfo.InvariantCulture)}");

    public string PodLogs(string ns, string name, string uid) => Path.Combine(LogsRoot, $"{ns}_{name}_{uid}");

    public string ContainerLog(string ns, string name, string uid, string container, int attempt) =>
        Path.Combine(PodLogs(ns, name, uid), container, $"{attempt.ToString(CultureInfo.InvariantCulture)}.log");
}
