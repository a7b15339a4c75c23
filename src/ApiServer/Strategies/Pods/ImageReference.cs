using System.Text.RegularExpressions;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>
/// The tag of a container image reference as upstream's parsers.ParseImageName reads it (the docker reference
/// grammar): "latest" when neither a tag nor a digest is given, "" for a digest-only or unparseable reference.
/// </summary>
internal static partial class ImageReference
{
    private const string Alnum = "[a-z0-9]+";
    private const string Separator = "(?:[._]|__|[-]+)";
    private const string Component = Alnum + "(?:" + Separator + Alnum + ")*";
    private const string DomainPart = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string Domain = "(?:" + DomainPart + "(?:\\." + DomainPart + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    private const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string Digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    /// <summary>The tag used to pick the default pull policy.</summary>
    public static string TagOf(string image)
    {
        if (image.Length == 0 || HexIdRegex().IsMatch(image))
        {
            return string.Empty;
        }

        var m = ReferenceRegex().Match(image);
        if (!m.Success || m.Groups["name"].Value.Length > 255)
        {
            return string.Empty;
        }

        if (m.Groups["tag"].Success)
        {
            return m.Groups["tag"].Value;
        }

        return m.Groups["digest"].Success ? string.Empty : "latest";
    }

    /// <summary>Always for ":latest" (or no tag), IfNotPresent otherwise (SetDefaults_Container).</summary>
    public static string DefaultPullPolicy(string image) => TagOf(image) == "latest" ? "Always" : "IfNotPresent";

    [GeneratedRegex("^(?<name>(?:" + Domain + "/)?" + Component + "(?:/" + Component + ")*)(?::(?<tag>" + Tag + "))?(?:@(?<digest>" + Digest + "))?\\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceRegex();

    [GeneratedRegex("^[a-f0-9]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HexIdRegex();
}
