namespace Cluster.ApiServer.Patching;

/// <summary>
/// How the API server reports a <see cref="PatchException"/>, following kube-apiserver's patch handler:
/// <see cref="BadRequest"/> (400) for a patch document that cannot be decoded or whose directives are malformed,
/// <see cref="Invalid"/> (422 Unprocessable Entity) for a well-formed patch that does not apply to the object
/// (a failed <c>test</c>, a missing path, a list of lists), <see cref="TooLarge"/> (413) for a JSON patch with
/// more operations than allowed.
/// </summary>
public enum PatchErrorKind
{
    BadRequest,
    Invalid,
    TooLarge,
}
