namespace Cluster.Kubelet.Images.Registry;

/// <summary>A user name and password (or identity token) for a registry, from a pull secret or registries.yaml.</summary>
public sealed record RegistryCredential(string Username, string Password)
{
    public override string ToString() => $"RegistryCredential({Username}, ***)";
}
