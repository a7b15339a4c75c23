namespace Cluster.ApiServer.Auth;

/// <summary>Who made a request, as the authenticator found it.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    public static readonly UserInfo Anonymous = new("system:anonymous", ["system:unauthenticated"]);
}
