using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Http;

/// <summary>
/// What <c>/version</c> reports. kubectl on PATH is a dispatcher that picks its build from <c>minor</c>, so this
/// must say Kubernetes 1.32, the API level this server implements.
/// </summary>
public static class VersionInfo
{
    public const string Major = "1";
    public const string Minor = "32";
    public const string GitVersion = "v1.32.0";

    public static JsonObject Document() => new()
    {
        ["major"] = Major,
        ["minor"] = Minor,
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = ThisAssembly(),
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "dotnet" + Environment.Version,
        ["compiler"] = "dotnet",
        ["platform"] = $"{(OperatingSystem.IsLinux() ? "linux" : "unknown")}/{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant() switch { "x64" => "amd64", var a => a }}",
    };

    private static string ThisAssembly() =>
        typeof(VersionInfo).Assembly.GetName().Version?.ToString() ?? "unknown";
}
