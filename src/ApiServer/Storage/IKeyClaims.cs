using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Storage;

/// <summary>
/// Keys an object holds besides its own, one per unique value it uses (a Service's cluster IPs and node ports).
/// <see cref="ObjectStorage"/> writes them in the object's own txn: a create or update that would take a key held
/// by another object fails as a whole (<see cref="ClaimTakenException"/>), and a delete releases them, so no crash
/// can leave a value used twice or held by nothing.
/// </summary>
public interface IKeyClaims
{
    /// <summary>The store keys <paramref name="obj"/> holds; each stores the holder's <see cref="ClaimHolder"/>.</summary>
    IReadOnlySet<string> Of(JsonObject obj);
}

/// <summary>What a claim key stores: the namespace and name of the object holding it.</summary>
public static class ClaimHolder
{
    public static string Of(JsonObject obj) => ObjectMeta.Namespace(obj) + "/" + ObjectMeta.Name(obj);
}

/// <summary>A create or update wanted a claim key that another object holds.</summary>
public sealed class ClaimTakenException(string key, string holder) : Exception($"{key} is held by {holder}")
{
    public string Key { get; } = key;
    public string Holder { get; } = holder;
}
