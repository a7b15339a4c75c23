using System.Text.Json.Nodes;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Admission;

/// <summary>The Secrets a pod spec names: as pull secrets, in its containers' env and envFrom, and in its volumes.</summary>
public static class PodSecretReferences
{
    private static readonly string[] ContainerLists = ["initContainers", "containers", "ephemeralContainers"];

    /// <summary>Secret names of <c>spec.imagePullSecrets</c>.</summary>
    public static IEnumerable<string> PullSecrets(JsonObject spec) =>
        Node.Objects(Node.Arr(spec, "imagePullSecrets")).Select(s => Node.S(s.Item, "name"));

    /// <summary>Each container (of all kinds) with the list it is in.</summary>
    public static IEnumerable<(JsonObject Container, string List)> Containers(JsonObject spec) =>
        ContainerLists.SelectMany(list => Node.Objects(Node.Arr(spec, list)).Select(c => (c.Item, list)));

    /// <summary>Secret names a container's environment reads: <c>env[*].valueFrom.secretKeyRef</c> and <c>envFrom[*].secretRef</c>.</summary>
    public static IEnumerable<(string Env, string Secret)> EnvSecrets(JsonObject container)
    {
        foreach (var (env, _) in Node.Objects(Node.Arr(container, "env")))
        {
            if (Node.Obj(Node.Obj(env, "valueFrom"), "secretKeyRef") is { } keyRef) yield return (Node.S(env, "name"), Node.S(keyRef, "name"));
        }
        foreach (var (from, _) in Node.Objects(Node.Arr(container, "envFrom")))
        {
            if (Node.Obj(from, "secretRef") is { } secretRef) yield return ("", Node.S(secretRef, "name"));
        }
    }

    /// <summary>
    /// Secret names the volumes use: secret volumes and projected secret sources, and the credential references of the
    /// volume plugins that take one (<c>secretRef</c>, CSI's <c>nodePublishSecretRef</c>, azureFile's <c>secretName</c>).
    /// </summary>
    public static IEnumerable<string> VolumeSecrets(JsonObject spec)
    {
        foreach (var (volume, _) in Node.Objects(Node.Arr(spec, "volumes")))
        {
            if (Node.Obj(volume, "secret") is { } secret) yield return Node.S(secret, "secretName");
            foreach (var (source, _) in Node.Objects(Node.Arr(Node.Obj(volume, "projected"), "sources")))
            {
                if (Node.Obj(source, "secret") is { } projected) yield return Node.S(projected, "name");
            }
            foreach (var (key, value) in volume)
            {
                if (key is "secret" or "projected" || value is not JsonObject plugin) continue;
                if (Node.Obj(plugin, "secretRef") is { } secretRef) yield return Node.S(secretRef, "name");
                if (Node.Obj(plugin, "nodePublishSecretRef") is { } publish) yield return Node.S(publish, "name");
                if (key == "azureFile") yield return Node.S(plugin, "secretName");
            }
        }
    }

    /// <summary>Whether the pod names any Secret at all.</summary>
    public static bool Any(JsonObject spec) =>
        PullSecrets(spec).Any() || VolumeSecrets(spec).Any() || Containers(spec).Any(c => EnvSecrets(c.Container).Any());
}
