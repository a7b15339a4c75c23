using System.Buffers;
using System.Security.Cryptography;

namespace Cluster.Kubelet.Images;

/// <summary>Content digests in the OCI form <c>sha256:&lt;64 lowercase hex&gt;</c>, the only algorithm we store.</summary>
public static class ContentDigest
{
    public const string Sha256Prefix = "sha256:";
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static bool IsValid(string? digest) =>
        digest is { Length: 71 } && digest.StartsWith(Sha256Prefix, StringComparison.Ordinal) &&
        !digest.AsSpan(7).ContainsAnyExcept(LowerHex);

    /// <summary>The hex part of a valid digest; throws on anything else (a digest names a file under the store).</summary>
    public static string Hex(string digest) =>
        IsValid(digest) ? digest[7..] : throw new FormatException($"unsupported or malformed digest \"{digest}\" (only sha256 is supported)");

    public static string Of(ReadOnlySpan<byte> content) => Sha256Prefix + Convert.ToHexStringLower(SHA256.HashData(content));

    public static string FromHash(byte[] sha256) => Sha256Prefix + Convert.ToHexStringLower(sha256);
}
