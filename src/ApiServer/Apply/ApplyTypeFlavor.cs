namespace Cluster.ApiServer.Apply;

/// <summary>How an <see cref="ApplyType"/> treats values.</summary>
internal enum ApplyTypeFlavor
{
    /// <summary>Follows a <see cref="Schema.SchemaNode"/>.</summary>
    Typed,

    /// <summary>No schema: objects are granular maps of deduced values, lists are atomic.</summary>
    Deduced,

    /// <summary>Opaque: objects and lists are atomic (RawExtension, items of schemaless lists).</summary>
    UntypedAtomic,

    /// <summary>Nothing is known (below set items and list indexes); only used when reconciling sets.</summary>
    None,
}
