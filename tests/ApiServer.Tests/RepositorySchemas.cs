using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Tests;

/// <summary>The vendored Kubernetes OpenAPI v3 documents (api/openapi-spec/v3), loaded once for all tests.</summary>
internal static class RepositorySchemas
{
    private static readonly Lazy<SchemaCatalog> Shared = new(() => SchemaCatalog.LoadDirectory(Directory));

    public static SchemaCatalog Catalog => Shared.Value;

    public static string Directory => Path.Combine(RepositoryRoot(), "api", "openapi-spec", "v3");

    public static SchemaNode Kind(string group, string version, string kind) =>
        Catalog.ForKind(group, version, kind) ?? throw new InvalidOperationException($"no schema for {group}/{version} {kind}");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cluster.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cluster.sln not found above " + AppContext.BaseDirectory);
    }
}
