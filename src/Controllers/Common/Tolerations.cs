using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Common;

/// <summary>Taint toleration as upstream's ToleratesTaint, shared by node lifecycle (eviction) and the scheduler.</summary>
public static class Tolerations
{
    public static bool Tolerates(Toleration toleration, Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect) return false;
        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key) return false;
        return toleration.Operator switch
        {
            "Exists" => true,
            "Equal" or null or "" => (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }

    public static bool AnyTolerates(IReadOnlyList<Toleration>? tolerations, Taint taint)
    {
        if (tolerations is null) return false;
        for (var i = 0; i < tolerations.Count; i++)
            if (Tolerates(tolerations[i], taint)) return true;
        return false;
    }
}
