namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>A scheduling decision: the chosen node, or the <see cref="FitError"/> saying why there is none.</summary>
public sealed record ScheduleResult(string? Node, int EvaluatedNodes, int FeasibleNodes, FitError? Error);
