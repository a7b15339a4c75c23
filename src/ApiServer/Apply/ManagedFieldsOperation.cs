namespace Cluster.ApiServer.Apply;

/// <summary>The kind of write that made a manager own its fields: a server-side apply, or any other write (create, update, patch).</summary>
public enum ManagedFieldsOperation
{
    Apply,
    Update,
}
