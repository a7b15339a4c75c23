using System.Diagnostics.CodeAnalysis;

namespace Cluster.Kubelet.Images;

/// <summary>
/// A normalised image reference, as Docker and containerd read one: <c>busybox</c> is
/// <c>docker.io/library/busybox:latest</c>; the first path component is a registry host only when it holds a '.' or
/// a ':' or is <c>localhost</c>. A reference may carry a tag, a digest, or both (the digest then wins when pulling).
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";
    private const int MaxNameLength = 255;

    /// <summary>The tag or digest to ask the registry for: the digest when present, else the tag.</summary>
    public string ManifestReference => Digest ?? Tag ?? "latest";

    /// <summary><c>registry/repository</c>, without tag or digest.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>The fully qualified form: <c>registry/repository[:tag][@digest]</c>.</summary>
    public override string ToString() => Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>The same reference with its digest dropped (the name a tag points at).</summary>
    public ImageReference WithoutDigest() => this with { Digest = null, Tag = Tag ?? "latest" };

    public static ImageReference Parse(string value) =>
        TryParse(value, out var reference, out var error) ? reference : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "image reference is empty";
            return false;
        }
        if (value.Trim() != value)
        {
            error = $"image reference \"{value}\" has surrounding whitespace";
            return false;
        }
        string rest = value;
        string? digest = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!ContentDigest.IsValid(digest))
            {
                error = $"invalid digest \"{digest}\" in image reference \"{value}\"";
                return false;
            }
        }
        string? tag = null;
        int lastSlash = rest.LastIndexOf('/');
        int colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!IsValidTag(tag))
            {
                error = $"invalid tag \"{tag}\" in image reference \"{value}\"";
                return false;
            }
        }
        string registry = DockerHub;
        string path = rest;
        int firstSlash = rest.IndexOf('/');
        if (firstSlash > 0)
        {
            string first = rest[..firstSlash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost")
            {
                registry = first;
                path = rest[(firstSlash + 1)..];
            }
        }
        if (registry != DockerHub && !IsValidHost(registry))
        {
            error = $"invalid registry host \"{registry}\" in image reference \"{value}\"";
            return false;
        }
        if (registry is "index.docker.io" or "registry-1.docker.io") registry = DockerHub;
        if (!IsValidPath(path))
        {
            error = $"invalid repository name \"{path}\" in image reference \"{value}\" (lowercase letters, digits and separators only)";
            return false;
        }
        if (registry == DockerHub && !path.Contains('/')) path = "library/" + path;
        if (registry.Length + 1 + path.Length > MaxNameLength)
        {
            error = $"repository name in \"{value}\" is longer than {MaxNameLength} characters";
            return false;
        }
        if (tag is null && digest is null) tag = "latest";
        reference = new ImageReference(registry, path, tag, digest);
        error = null;
        return true;
    }

    private static bool IsValidTag(string tag)
    {
        if (tag.Length is 0 or > 128 || !(char.IsAsciiLetterOrDigit(tag[0]) || tag[0] == '_')) return false;
        foreach (char c in tag)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')) return false;
        }
        return true;
    }

    private static bool IsValidHost(string host)
    {
        string name = host;
        if (host.StartsWith('['))
        {
            int close = host.IndexOf(']');
            if (close < 0) return false;
            name = "ipv6";
            host = host[(close + 1)..];
            if (host.Length > 0 && host[0] != ':') return false;
        }
        int colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            string port = host[(colon + 1)..];
            if (port.Length == 0 || !port.All(char.IsAsciiDigit)) return false;
            if (name != "ipv6") name = host[..colon];
        }
        if (name.Length == 0) return false;
        foreach (string label in name.Split('.'))
        {
            if (label.Length == 0 || label[0] == '-' || label[^1] == '-') return false;
            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        }
        return true;
    }

    // Components are [a-z0-9]+ joined by '.', '_', '__' or runs of '-', as distribution's grammar.
    private static bool IsValidPath(string path)
    {
        if (path.Length == 0) return false;
        foreach (string component in path.Split('/'))
        {
            if (component.Length == 0) return false;
            if (!IsLowerAlnum(component[0]) || !IsLowerAlnum(component[^1])) return false;
            for (int i = 0; i < component.Length; i++)
            {
                char c = component[i];
                if (IsLowerAlnum(c) || c == '-') continue;
                if (c == '.' || c == '_')
                {
                    // a separator is followed by an alphanumeric, except '__'
                    char next = component[i + 1];
                    if (c == '_' && next == '_' && i + 2 < component.Length && IsLowerAlnum(component[i + 2])) { i++; continue; }
                    if (!IsLowerAlnum(next)) return false;
                    continue;
                }
                return false;
            }
        }
        return true;
    }

    private static bool IsLowerAlnum(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c);
}
