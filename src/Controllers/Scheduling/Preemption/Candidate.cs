using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Scheduling.Preemption;

/// <summary>
/// A node on which the preemptor fits once <see cref="Victims"/> are gone: the victims most important first
/// (see <see cref="PodImportance"/>), and how many of them break a PodDisruptionBudget.
/// </summary>
public sealed record Candidate(string NodeName, IReadOnlyList<Pod> Victims, int NumPdbViolations);
