namespace Cluster.Controllers.Tests.Scheduling.Preemption;

/// <summary>A random source that always gives <paramref name="value"/> (modulo the bound), for a known candidate offset.</summary>
internal sealed class FixedRandom(int value) : Random
{
    public override int Next(int maxValue) => maxValue == 0 ? 0 : value % maxValue;
}
