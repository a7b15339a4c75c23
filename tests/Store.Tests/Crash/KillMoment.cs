namespace Cluster.Store.Tests.Crash;

/// <summary>What a <see cref="KillPlan"/> waits for before it kills.</summary>
internal enum KillMoment
{
    /// <summary>A delay after the process started: often before READY, while the store recovers.</summary>
    AfterStart,

    /// <summary>The READY line, then at once.</summary>
    AtReady,

    /// <summary>A delay after READY.</summary>
    AfterReady,

    /// <summary>A number of acknowledged writes, so the cycle is sure to have written something whatever the machine's speed.</summary>
    AfterAcks,
}
