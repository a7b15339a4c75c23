namespace Cluster.Kubelet.Containers;

/// <summary>
/// Where the <c>cluster-shim</c> executable is: next to the kubelet's assemblies, where the build puts it (see
/// src/Kubelet/Kubelet.csproj). Its two commands, <c>run</c> and <c>exec</c>, are described in src/Shim/ARCHITECTURE.md.
/// </summary>
public static class ShimBinary
{
    public const string FileName = "cluster-shim";

    /// <summary>The full path of the shim; throws <see cref="FileNotFoundException"/> naming the path if the build did
    /// not place it there.</summary>
    public static string Path
    {
        get
        {
            var path = System.IO.Path.Combine(AppContext.BaseDirectory, FileName);
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException(
                    $"{FileName} is missing from {AppContext.BaseDirectory}: it is built from src/Shim by `dotnet build` of any project that references src/Kubelet", path);
        }
    }
}
