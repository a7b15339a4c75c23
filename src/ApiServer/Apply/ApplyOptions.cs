namespace Cluster.ApiServer.Apply;

/// <summary>
/// One server-side apply request. <see cref="ApiVersion"/> is the endpoint's group/version (e.g. <c>apps/v1</c>);
/// the applied object must declare it. <see cref="ResetFields"/> are fields this endpoint never lets a manager own
/// (e.g. <c>status</c> on a main resource that has a status subresource, <c>spec</c> on the status subresource).
/// <see cref="Defaults"/> should be given for built-in kinds (list-map key defaults such as port protocols).
/// </summary>
public sealed record ApplyOptions
{
    public required string Manager { get; init; }

    public required string ApiVersion { get; init; }

    public required DateTimeOffset Now { get; init; }

    public bool Force { get; init; }

    /// <summary>"" for the main resource, else e.g. "status" or "scale".</summary>
    public string Subresource { get; init; } = string.Empty;

    public FieldSet? ResetFields { get; init; }

    public SchemaDefaults? Defaults { get; init; }

    /// <summary>When set, the applied object's kind must equal it.</summary>
    public string? Kind { get; init; }
}
