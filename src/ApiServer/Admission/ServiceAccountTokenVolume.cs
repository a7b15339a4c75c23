using System.Text.Json.Nodes;
using Cluster.ApiServer.Handlers;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Admission;

/// <summary>
/// The API credentials the ServiceAccount admission mounts into a pod: one projected volume named
/// <c>kube-api-access-xxxxx</c> (a bound token, the cluster CA from the <c>kube-root-ca.crt</c> ConfigMap, the pod's
/// namespace) and a read-only mount of it at <see cref="MountPath"/> in every container and init container that has
/// nothing mounted there yet. The JSON is in its defaulted form, since defaulting has run before admission.
/// </summary>
public static class ServiceAccountTokenVolume
{
    public const string NamePrefix = "kube-api-access-";
    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Upstream's token lifetime for these volumes: an hour and seven seconds, the seven marking it as one of them.</summary>
    public const long ExpirationSeconds = 3607;

    public const int DefaultMode = 420;

    /// <summary>
    /// Mounts the volume into every container that needs it, adding the volume if any did; a volume already named
    /// <c>kube-api-access-*</c> is the one reused.
    /// </summary>
    public static void Mount(JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var volumes = Node.Arr(spec, "volumes");
        var existing = Node.Objects(volumes).Select(v => Node.S(v.Item, "name")).FirstOrDefault(n => n.StartsWith(NamePrefix, StringComparison.Ordinal));
        var name = existing ?? WriteRules.GenerateName(NamePrefix);
        var needed = false;
        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var (container, _) in Node.Objects(Node.Arr(spec, list)))
            {
                var mounts = Node.Arr(container, "volumeMounts");
                if (Node.Objects(mounts).Any(m => Node.S(m.Item, "mountPath") == MountPath)) continue;
                if (mounts is null) container["volumeMounts"] = mounts = [];
                mounts.Add(new JsonObject { ["name"] = name, ["readOnly"] = true, ["mountPath"] = MountPath });
                needed = true;
            }
        }
        if (!needed || existing is not null) return;
        if (volumes is null) spec["volumes"] = volumes = [];
        volumes.Add(Volume(name));
    }

    /// <summary>The projected volume, sources in upstream's order.</summary>
    public static JsonObject Volume(string name) => new()
    {
        ["name"] = name,
        ["projected"] = new JsonObject
        {
            ["sources"] = new JsonArray(
                new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = ExpirationSeconds, ["path"] = "token" } },
                new JsonObject
                {
                    ["configMap"] = new JsonObject
                    {
                        ["name"] = "kube-root-ca.crt",
                        ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }),
                    },
                },
                new JsonObject
                {
                    ["downwardAPI"] = new JsonObject
                    {
                        ["items"] = new JsonArray(new JsonObject
                        {
                            ["path"] = "namespace",
                            ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" },
                        }),
                    },
                }),
            ["defaultMode"] = DefaultMode,
        },
    };
}
