namespace Cluster.ApiServer.Admission;

/// <summary>
/// The admission plugins this server runs on create, named as upstream's <c>--disable-admission-plugins</c> names
/// them. All are on by default; a server without a controller manager (an in-process test server) turns off
/// <see cref="ServiceAccount"/>, as upstream's own test servers do, since nothing there makes the accounts it needs.
/// </summary>
public static class AdmissionPlugins
{
    /// <summary>Defaults a pod's service account, checks that it exists and mounts its API credentials.</summary>
    public const string ServiceAccount = "ServiceAccount";

    /// <summary>Resolves a pod's priority class into its priority.</summary>
    public const string Priority = "Priority";

    /// <summary>Every plugin name this server knows.</summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.Ordinal) { ServiceAccount, Priority };
}
