namespace Cluster.Kubelet.Images;

/// <summary>Picks the manifest for this node's platform (linux/amd64) from an OCI index or Docker manifest list.</summary>
public static class PlatformSelector
{
    public const string Os = "linux";
    public const string Architecture = "amd64";

    /// <summary>
    /// The linux/amd64 manifest (one without a variant, or variant v1, preferred over others); an index whose only
    /// manifest has no platform is taken as that manifest. Throws when nothing matches, naming what there is.
    /// </summary>
    public static Descriptor Select(ImageIndex index)
    {
        var manifests = index.Manifests.Where(m => m.MediaType is null || MediaTypes.IsManifest(m.MediaType) || MediaTypes.IsIndex(m.MediaType)).ToArray();
        var matching = manifests
            .Where(m => m.Platform is { } p && p.Os == Os && p.Architecture == Architecture)
            .OrderBy(m => m.Platform!.Variant is null or "" or "v1" ? 0 : 1)
            .FirstOrDefault();
        if (matching is not null) return matching;
        if (manifests.Length == 1 && manifests[0].Platform is null) return manifests[0];
        string available = string.Join(", ", manifests.Select(m => m.Platform is { } p ? $"{p.Os}/{p.Architecture}{(p.Variant is null ? "" : "/" + p.Variant)}" : "unknown"));
        throw new InvalidDataException($"no matching manifest for {Os}/{Architecture} in the manifest list entries (has {available})");
    }
}
