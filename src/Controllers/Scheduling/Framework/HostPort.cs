namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>A host port a pod claims: 0.0.0.0 (any address) conflicts with every address on the same protocol and port.</summary>
public readonly record struct HostPort(string Ip, string Protocol, int Port)
{
    public const string AnyAddress = "0.0.0.0";

    public bool ConflictsWith(HostPort other) =>
        Port == other.Port && Protocol == other.Protocol && (Ip == other.Ip || Ip == AnyAddress || other.Ip == AnyAddress);
}
