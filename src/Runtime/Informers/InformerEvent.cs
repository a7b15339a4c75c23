namespace Cluster.Runtime.Informers;

/// <summary>
/// A change the informer applied to its cache: <see cref="Object"/> is the new state (for a delete, the last state
/// known), <see cref="Old"/> the state it replaced (null for adds).
/// </summary>
public readonly record struct InformerEvent<T>(InformerEventType Type, T Object, T? Old) where T : class;
