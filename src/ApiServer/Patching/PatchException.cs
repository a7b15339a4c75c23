namespace Cluster.ApiServer.Patching;

/// <summary>A patch could not be applied; <see cref="Kind"/> says which HTTP status the server answers with.</summary>
public sealed class PatchException(PatchErrorKind kind, string message) : Exception(message)
{
    public PatchErrorKind Kind { get; } = kind;

    internal static PatchException BadRequest(string message) => new(PatchErrorKind.BadRequest, message);

    internal static PatchException Invalid(string message) => new(PatchErrorKind.Invalid, message);
}
