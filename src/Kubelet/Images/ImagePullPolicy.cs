namespace Cluster.Kubelet.Images;

/// <summary>A container's <c>imagePullPolicy</c>.</summary>
public enum ImagePullPolicy
{
    /// <summary>Ask the registry every time which digest the name points at; pull what is missing.</summary>
    Always,
    /// <summary>Use the local image when there is one; pull only when there is not.</summary>
    IfNotPresent,
    /// <summary>Never pull: the image must be present.</summary>
    Never,
}

public static class ImagePullPolicies
{
    /// <summary>
    /// The API's value, or the API server's default when unset: Always for <c>:latest</c> or an untagged name,
    /// IfNotPresent otherwise. Unknown values are an error (the API server validates them).
    /// </summary>
    public static ImagePullPolicy Parse(string? value, ImageReference image) => value switch
    {
        "Always" => ImagePullPolicy.Always,
        "IfNotPresent" => ImagePullPolicy.IfNotPresent,
        "Never" => ImagePullPolicy.Never,
        null or "" => image.Digest is null && image.Tag is null or "latest" ? ImagePullPolicy.Always : ImagePullPolicy.IfNotPresent,
        _ => throw new ArgumentException($"unsupported imagePullPolicy \"{value}\"", nameof(value)),
    };
}
