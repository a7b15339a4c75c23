using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;

namespace Cluster.ApiServer.Strategies.Shared;

/// <summary>Converts field errors to Status causes (reason = the error type, message = the text after the path).</summary>
internal static class Causes
{
    public static List<StatusCause> Of(IEnumerable<FieldError> errors) =>
        errors.Select(e => new StatusCause(e.CauseType, e.ErrorBody(), e.Path)).ToList();
}
