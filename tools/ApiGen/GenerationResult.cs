namespace Cluster.ApiGen;

/// <summary>Counts reported after a generator run.</summary>
internal sealed record GenerationResult(int Models, int Kinds, int Registrations);
