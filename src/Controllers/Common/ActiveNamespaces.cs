using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Common;

/// <summary>Whether a namespace still takes new objects: it exists and is neither being deleted nor Terminating.</summary>
public static class ActiveNamespaces
{
    public static bool IsActive(Namespace? ns) => ns is not null && ns.Metadata?.DeletionTimestamp is null && ns.Status?.Phase != "Terminating";
}
