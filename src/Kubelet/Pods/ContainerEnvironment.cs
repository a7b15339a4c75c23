using System.Globalization;
using System.Text;
using Cluster.Api.Core.V1;
using Cluster.Api.Quantities;
using Cluster.Api.Serialization;

namespace Cluster.Kubelet.Pods;

/// <summary>A container's environment could not be made; the container waits with reason CreateContainerConfigError.</summary>
public sealed class ContainerConfigException(string message) : Exception(message);

/// <summary>
/// A container's environment as the kubelet makes it: <c>envFrom</c> sources in order (prefixed, keys that are not
/// valid names skipped), then <c>env</c> in order, each value <c>$(VAR)</c>-expanded against what is defined before it;
/// later definitions of a name replace earlier ones in place. Missing non-optional ConfigMaps, Secrets or keys fail.
/// </summary>
public static class ContainerEnvironment
{
    public static IReadOnlyList<KeyValuePair<string, string>> Resolve(Pod pod, Container container, IPodSources sources)
    {
        var ns = pod.Metadata?.Namespace ?? "default";
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        void Set(string name, string value)
        {
            if (!env.ContainsKey(name)) order.Add(name);
            env[name] = value;
        }

        foreach (var from in container.EnvFrom ?? [])
        {
            var prefix = from.Prefix ?? "";
            if (from.ConfigMapRef is { } cmRef)
            {
                var data = sources.ConfigMap(ns, cmRef.Name ?? "") is { } found ? found.Data ?? new Dictionary<string, string>() : null;
                if (data is null)
                {
                    if (cmRef.Optional == true) continue;
                    throw new ContainerConfigException($"configmap \"{cmRef.Name}\" not found");
                }

                foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
                    if (IsEnvVarName(prefix + key)) Set(prefix + key, value);
            }
            else if (from.SecretRef is { } secretRef)
            {
                var data = sources.Secret(ns, secretRef.Name ?? "") is { } found ? found.Data ?? new Dictionary<string, ReadOnlyMemory<byte>>() : null;
                if (data is null)
                {
                    if (secretRef.Optional == true) continue;
                    throw new ContainerConfigException($"secret \"{secretRef.Name}\" not found");
                }

                foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
                    if (IsEnvVarName(prefix + key)) Set(prefix + key, Encoding.UTF8.GetString(value.Span));
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            if (variable.Name is not { Length: > 0 } name) continue;
            if (variable.ValueFrom is null)
            {
                Set(name, EnvExpansion.Expand(variable.Value ?? "", key => env.GetValueOrDefault(key)));
                continue;
            }

            if (ValueFrom(pod, container, variable.ValueFrom, ns, sources) is { } value) Set(name, value);
        }

        return order.Select(name => KeyValuePair.Create(name, env[name])).ToList();
    }

    /// <summary>Expands <c>$(VAR)</c> in a container's command or args against its resolved environment.</summary>
    public static IReadOnlyList<string> ExpandAll(IReadOnlyList<string>? values, IReadOnlyList<KeyValuePair<string, string>> env)
    {
        if (values is null) return [];
        var lookup = env.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return values.Select(v => EnvExpansion.Expand(v, key => lookup.GetValueOrDefault(key))).ToList();
    }

    /// <summary>A C identifier-like name as the API allows for env (letters, digits, '_', '-', '.'; not starting with a digit).</summary>
    public static bool IsEnvVarName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static string? ValueFrom(Pod pod, Container container, EnvVarSource source, string ns, IPodSources sources)
    {
        if (source.ConfigMapKeyRef is { } cmKey)
        {
            var data = sources.ConfigMap(ns, cmKey.Name ?? "") is { } found ? found.Data ?? new Dictionary<string, string>() : null;
            if (data is null) return cmKey.Optional == true ? null : throw new ContainerConfigException($"configmap \"{cmKey.Name}\" not found");
            if (data.TryGetValue(cmKey.Key ?? "", out var value)) return value;
            return cmKey.Optional == true ? null : throw new ContainerConfigException($"couldn't find key {cmKey.Key} in ConfigMap {ns}/{cmKey.Name}");
        }

        if (source.SecretKeyRef is { } secretKey)
        {
            var data = sources.Secret(ns, secretKey.Name ?? "") is { } found ? found.Data ?? new Dictionary<string, ReadOnlyMemory<byte>>() : null;
            if (data is null) return secretKey.Optional == true ? null : throw new ContainerConfigException($"secret \"{secretKey.Name}\" not found");
            if (data.TryGetValue(secretKey.Key ?? "", out var value)) return Encoding.UTF8.GetString(value.Span);
            return secretKey.Optional == true ? null : throw new ContainerConfigException($"couldn't find key {secretKey.Key} in Secret {ns}/{secretKey.Name}");
        }

        if (source.FieldRef is { } field) return PodField(pod, field.FieldPath ?? "");
        if (source.ResourceFieldRef is { } resource) return ResourceField(pod, container, resource, sources.NodeAllocatable);
        return null;
    }

    /// <summary>The downward API's pod fields (env and volume files share them).</summary>
    public static string PodField(Pod pod, string path)
    {
        var meta = pod.Metadata;
        if (TrySubscript(path, "metadata.labels", out var label)) return meta?.Labels?.GetValueOrDefault(label) ?? "";
        if (TrySubscript(path, "metadata.annotations", out var annotation)) return meta?.Annotations?.GetValueOrDefault(annotation) ?? "";
        return path switch
        {
            "metadata.name" => meta?.Name ?? "",
            "metadata.namespace" => meta?.Namespace ?? "",
            "metadata.uid" => meta?.Uid ?? "",
            "metadata.labels" => FormatMap(meta?.Labels),
            "metadata.annotations" => FormatMap(meta?.Annotations),
            "spec.nodeName" => pod.Spec?.NodeName ?? "",
            "spec.serviceAccountName" => pod.Spec?.ServiceAccountName ?? "",
            "status.hostIP" => pod.Status?.HostIP ?? "",
            "status.hostIPs" => string.Join(',', pod.Status?.HostIPs?.Select(ip => ip.Ip) ?? []),
            "status.podIP" => pod.Status?.PodIP ?? "",
            "status.podIPs" => string.Join(',', pod.Status?.PodIPs?.Select(ip => ip.Ip) ?? []),
            _ => throw new ContainerConfigException($"unsupported fieldPath: {path}"),
        };
    }

    /// <summary>
    /// A container's resource request or limit in units of the divisor, rounded up as the kubelet does; a limit the
    /// container does not set is the node's allocatable.
    /// </summary>
    public static string ResourceField(Pod pod, Container container, ResourceFieldSelector selector, IReadOnlyDictionary<string, ResourceQuantity> allocatable)
    {
        var target = string.IsNullOrEmpty(selector.ContainerName) ? container
            : (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).FirstOrDefault(c => c.Name == selector.ContainerName)
              ?? throw new ContainerConfigException($"container {selector.ContainerName} not found");
        var resource = selector.Resource ?? "";
        var (kind, name) = resource.Split('.', 2) is [var k, var n] ? (k, n) : throw new ContainerConfigException($"unsupported container resource: {resource}");
        string? quantity = kind switch
        {
            "limits" => target.Resources?.Limits?.TryGetValue(name, out var limit) == true ? limit.Value : allocatable.TryGetValue(name, out var node) ? node.Value : null,
            "requests" => target.Resources?.Requests?.TryGetValue(name, out var request) == true ? request.Value : null,
            _ => throw new ContainerConfigException($"unsupported container resource: {resource}"),
        };
        var value = Quantity.Parse(quantity ?? "0");
        var divisor = selector.Divisor is { } d && Quantity.Parse(d.Value) is var parsed && parsed > Quantity.Zero ? parsed : Quantity.Parse("1");
        var result = name == "cpu"
            ? (long)Math.Ceiling((double)value.MilliValue() / divisor.MilliValue())
            : name is "memory" or "ephemeral-storage" || name.StartsWith("hugepages-", StringComparison.Ordinal)
                ? (long)Math.Ceiling((double)value.Value() / divisor.Value())
                : throw new ContainerConfigException($"unsupported container resource: {resource}");
        return result.ToString(CultureInfo.InvariantCulture);
    }

    private static bool TrySubscript(string path, string field, out string key)
    {
        key = "";
        if (!path.StartsWith(field + "['", StringComparison.Ordinal) || !path.EndsWith("']", StringComparison.Ordinal)) return false;
        key = path[(field.Length + 2)..^2];
        return true;
    }

    // The downward API's format for whole maps: key="value" lines, sorted, values quoted as Go's %q does.
    private static string FormatMap(IReadOnlyDictionary<string, string>? map) =>
        map is null ? "" : string.Join('\n', map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Quote(p.Value)}"));

    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
