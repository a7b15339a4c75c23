using System.Globalization;
using System.Text.Json;
using Cluster.Api.Core.V1;
using Cluster.Api.Serialization;

namespace Cluster.Controllers.Deployments;

/// <summary>
/// The pod-template-hash: FNV-1a over the template (without its own hash label) and the collision count, written with
/// upstream's safe alphabet (no vowels, no look-alike characters) so that names read like upstream's.
/// </summary>
public static class TemplateHash
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Of(PodTemplateSpec? template, int? collisionCount)
    {
        var hash = 2166136261u;
        foreach (var b in Canonical(template)) hash = (hash ^ b) * 16777619u;
        if (collisionCount is { } count)
            foreach (var b in BitConverter.GetBytes(count)) hash = (hash ^ b) * 16777619u;
        return string.Concat(hash.ToString(CultureInfo.InvariantCulture).Select(c => Alphabet[c % Alphabet.Length]));
    }

    /// <summary>Whether two templates are the same once their pod-template-hash labels are set aside.</summary>
    public static bool EqualIgnoringHash(PodTemplateSpec? a, PodTemplateSpec? b) => Canonical(a).AsSpan().SequenceEqual(Canonical(b));

    public static PodTemplateSpec WithoutHash(PodTemplateSpec? template)
    {
        var t = template ?? new PodTemplateSpec();
        var labels = t.Metadata?.Labels;
        if (labels is null || !labels.ContainsKey(DeploymentAnnotations.PodTemplateHash)) return t;
        var rest = labels.Where(kv => kv.Key != DeploymentAnnotations.PodTemplateHash).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return t with { Metadata = t.Metadata! with { Labels = rest.Count == 0 ? null : rest } };
    }

    private static byte[] Canonical(PodTemplateSpec? template) =>
        JsonSerializer.SerializeToUtf8Bytes(Sorted(WithoutHash(template)), ApiJsonContext.Default.CoreV1PodTemplateSpec);

    // Label and annotation maps in key order, so equal templates serialize equally whatever order they came in.
    private static PodTemplateSpec Sorted(PodTemplateSpec t) => t.Metadata is null ? t : t with
    {
        Metadata = t.Metadata with
        {
            Labels = t.Metadata.Labels is null ? null : new SortedDictionary<string, string>(t.Metadata.Labels.ToDictionary(), StringComparer.Ordinal),
            Annotations = t.Metadata.Annotations is null ? null : new SortedDictionary<string, string>(t.Metadata.Annotations.ToDictionary(), StringComparer.Ordinal),
        },
    };
}
