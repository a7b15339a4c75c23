using Cluster.Runtime;

namespace Cluster.Controllers.GarbageCollection;

/// <summary>One object the garbage collector looks at: its kind (any version) and key. Its work-queue key.</summary>
public readonly record struct GraphItem(GroupKind Kind, ObjectKey Key);
