namespace Cluster.Api.Validation;

/// <summary>
/// Why a field is invalid. The member names are the wire values of Kubernetes' StatusCause.reason
/// (see <see cref="FieldError.CauseType"/>).
/// </summary>
public enum FieldErrorType
{
    /// <summary>A value that was looked up (e.g. by ID) was not found.</summary>
    FieldValueNotFound,
    /// <summary>A required value is missing (empty string, null, empty list).</summary>
    FieldValueRequired,
    /// <summary>A value that must be unique collides with another.</summary>
    FieldValueDuplicate,
    /// <summary>A value is malformed (failed a pattern, out of bounds, ...).</summary>
    FieldValueInvalid,
    /// <summary>A value of an enumerated field is not one of the supported values.</summary>
    FieldValueNotSupported,
    /// <summary>A well-formed value is not permitted under the current conditions.</summary>
    FieldValueForbidden,
    /// <summary>A value is too long; the value itself is not repeated in the message.</summary>
    FieldValueTooLong,
    /// <summary>A list has too many items.</summary>
    FieldValueTooMany,
    /// <summary>Something failed that is not the caller's input.</summary>
    InternalError,
    /// <summary>A value does not have the type the schema requires.</summary>
    FieldValueTypeInvalid,
}
