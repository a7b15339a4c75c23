namespace Cluster.Runtime.Informers;

public enum InformerEventType
{
    Added,

    /// <summary>Changed; also sent for every object on a periodic resync, then with the old object equal to the new.</summary>
    Updated,

    Deleted,
}
