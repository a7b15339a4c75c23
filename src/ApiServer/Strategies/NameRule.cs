namespace Cluster.ApiServer.Strategies;

/// <summary>Which rule a kind's object names follow (upstream's per-kind name validators).</summary>
public enum NameRule
{
    /// <summary>A DNS-1123 subdomain: most kinds.</summary>
    Subdomain,
    /// <summary>A DNS-1123 label: namespaces.</summary>
    Label,
    /// <summary>A DNS-1035 label (starts with a letter): services.</summary>
    Dns1035Label,
    /// <summary>Any path segment (no '/', '%', not '.' or '..'): RBAC objects.</summary>
    PathSegment,
}
