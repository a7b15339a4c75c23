namespace Cluster.Controllers.Tests.Scheduling.Preemption;

/// <summary>Victims as (name, app label) with one budget over app=db.</summary>
public sealed record PodDisruptionBudgetCase((string Name, string App)[] Pods, int Allowed, string? Disrupted = null, bool EmptySelector = false);
