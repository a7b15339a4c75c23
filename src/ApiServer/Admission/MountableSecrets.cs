using System.Text.Json.Nodes;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Admission;

/// <summary>
/// A ServiceAccount annotated <c>kubernetes.io/enforce-mountable-secrets: "true"</c> limits its pods to the Secrets it
/// lists in <c>secrets</c> (volumes and environment) and <c>imagePullSecrets</c> (pull secrets), as upstream's
/// ServiceAccount admission does.
/// </summary>
public static class MountableSecrets
{
    public const string EnforceAnnotation = "kubernetes.io/enforce-mountable-secrets";

    public static bool Enforced(JsonObject account) =>
        bool.TryParse(Node.Str(Node.Obj(Node.Obj(account, "metadata"), "annotations"), EnforceAnnotation), out var on) && on;

    /// <summary>Why the pod may not use a Secret of its spec, or null if it may use them all.</summary>
    public static string? Violation(JsonObject account, JsonObject spec)
    {
        var accountName = Node.S(Node.Obj(account, "metadata"), "name");
        var mountable = Node.Objects(Node.Arr(account, "secrets")).Select(s => Node.S(s.Item, "name")).ToHashSet(StringComparer.Ordinal);
        foreach (var secret in PodSecretReferences.VolumeSecrets(spec))
        {
            if (!mountable.Contains(secret))
                return $"volume with secret.secretName=\"{secret}\" is not allowed because service account {accountName} does not reference that secret";
        }
        foreach (var (container, list) in PodSecretReferences.Containers(spec))
        {
            var kind = list switch { "initContainers" => "init container", "ephemeralContainers" => "ephemeral container", _ => "container" };
            foreach (var (env, secret) in PodSecretReferences.EnvSecrets(container))
            {
                if (mountable.Contains(secret)) continue;
                return env.Length > 0
                    ? $"{kind} {Node.S(container, "name")} with envVar {env} referencing secret.secretName=\"{secret}\" is not allowed because service account {accountName} does not reference that secret"
                    : $"{kind} {Node.S(container, "name")} with envFrom referencing secret.secretName=\"{secret}\" is not allowed because service account {accountName} does not reference that secret";
            }
        }
        var pullable = Node.Objects(Node.Arr(account, "imagePullSecrets")).Select(s => Node.S(s.Item, "name")).ToHashSet(StringComparer.Ordinal);
        var i = 0;
        foreach (var secret in PodSecretReferences.PullSecrets(spec))
        {
            if (!pullable.Contains(secret))
                return $"imagePullSecrets[{i}].name=\"{secret}\" is not allowed because service account {accountName} does not reference that imagePullSecret";
            i++;
        }
        return null;
    }
}
