using Cluster.Api;

namespace Cluster.Runtime.Client;

/// <summary>A served resource as discovery describes it: where it lives and what may be done with it.</summary>
public sealed record ServedResource(KindInfo Kind, IReadOnlySet<string> Verbs)
{
    public bool Supports(string verb) => Verbs.Contains(verb);

    /// <summary>True when every one of <paramref name="verbs"/> is served.</summary>
    public bool SupportsAll(params ReadOnlySpan<string> verbs)
    {
        foreach (var verb in verbs)
            if (!Verbs.Contains(verb)) return false;
        return true;
    }

    /// <summary>The group-qualified resource name as upstream prints it: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public string GroupResource => Kind.Group.Length == 0 ? Kind.Plural! : $"{Kind.Plural}.{Kind.Group}";
}
