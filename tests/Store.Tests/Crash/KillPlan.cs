namespace Cluster.Store.Tests.Crash;

/// <summary>When to SIGKILL the worker (see <see cref="KillMoment"/>); <see cref="Acks"/> counts acknowledged writes.</summary>
internal sealed record KillPlan(KillMoment Moment, TimeSpan Delay, int Acks = 0)
{
    /// <summary>
    /// Every eight cycles: one kill after start, one at READY, two after READY and four after some writes; the
    /// delays and counts are random. A fixed rotation, so every seed covers every kind of moment.
    /// </summary>
    public static KillPlan For(int cycle, Random random) => (cycle % 8) switch
    {
        0 => new(KillMoment.AfterStart, TimeSpan.FromMilliseconds(random.Next(0, 250))),
        1 => new(KillMoment.AtReady, TimeSpan.Zero),
        2 or 5 => new(KillMoment.AfterReady, TimeSpan.FromMilliseconds(random.Next(0, 400))),
        _ => new(KillMoment.AfterAcks, TimeSpan.Zero, random.Next(1, 1500)),
    };

    public override string ToString() => Moment switch
    {
        KillMoment.AfterStart => $"{Delay.TotalMilliseconds:F0} ms after start",
        KillMoment.AtReady => "at READY",
        KillMoment.AfterReady => $"{Delay.TotalMilliseconds:F0} ms after READY",
        _ => $"after {Acks} acks",
    };
}
