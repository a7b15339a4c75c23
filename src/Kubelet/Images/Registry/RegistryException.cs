using System.Net;

namespace Cluster.Kubelet.Images.Registry;

/// <summary>
/// A registry said no: <see cref="Code"/> is the distribution error code (<c>MANIFEST_UNKNOWN</c>,
/// <c>UNAUTHORIZED</c>, ...) when it sent one, and the message is the registry's own words.
/// </summary>
public sealed class RegistryException(HttpStatusCode status, string? code, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
    public string? Code { get; } = code;

    public bool IsNotFound => Status == HttpStatusCode.NotFound;
}
