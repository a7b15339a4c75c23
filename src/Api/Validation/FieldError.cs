using System.Globalization;

namespace Cluster.Api.Validation;

/// <summary>
/// One field-level validation failure, as Kubernetes reports it in a Status' details.causes:
/// <see cref="CauseType"/> is the cause's reason, <see cref="Path"/> its field and <see cref="ToString"/>
/// its message, formatted like upstream (<c>metadata.name: Invalid value: "Foo_": a lowercase ...</c>,
/// <c>spec.containers: Required value</c>). Build instances with the static factories, which fill
/// <see cref="BadValue"/> and <see cref="Detail"/> the way upstream's field.Required, field.Invalid, ... do.
/// </summary>
public sealed record FieldError(FieldErrorType Type, string Path, object? BadValue, string Detail)
{
    /// <summary>
    /// A <see cref="BadValue"/> meaning "do not print a value" (upstream's omitValue); only the type's
    /// description is shown.
    /// </summary>
    public static readonly object OmittedValue = new OmittedValueMarker();

    /// <summary>The wire name of <see cref="Type"/>, e.g. "FieldValueInvalid".</summary>
    public string CauseType => Type switch
    {
        FieldErrorType.FieldValueNotFound => "FieldValueNotFound",
        FieldErrorType.FieldValueRequired => "FieldValueRequired",
        FieldErrorType.FieldValueDuplicate => "FieldValueDuplicate",
        FieldErrorType.FieldValueInvalid => "FieldValueInvalid",
        FieldErrorType.FieldValueNotSupported => "FieldValueNotSupported",
        FieldErrorType.FieldValueForbidden => "FieldValueForbidden",
        FieldErrorType.FieldValueTooLong => "FieldValueTooLong",
        FieldErrorType.FieldValueTooMany => "FieldValueTooMany",
        FieldErrorType.InternalError => "InternalError",
        FieldErrorType.FieldValueTypeInvalid => "FieldValueTypeInvalid",
        _ => throw new InvalidOperationException($"unrecognized validation error: {(int)Type}"),
    };

    /// <summary>The human description of <see cref="Type"/>, e.g. "Invalid value" or "Required value".</summary>
    public string TypeDescription => Type switch
    {
        FieldErrorType.FieldValueNotFound => "Not found",
        FieldErrorType.FieldValueRequired => "Required value",
        FieldErrorType.FieldValueDuplicate => "Duplicate value",
        FieldErrorType.FieldValueInvalid => "Invalid value",
        FieldErrorType.FieldValueNotSupported => "Unsupported value",
        FieldErrorType.FieldValueForbidden => "Forbidden",
        FieldErrorType.FieldValueTooLong => "Too long",
        FieldErrorType.FieldValueTooMany => "Too many",
        FieldErrorType.InternalError => "Internal error",
        FieldErrorType.FieldValueTypeInvalid => "Invalid value",
        _ => throw new InvalidOperationException($"unrecognized validation error: {(int)Type}"),
    };

    /// <summary>The message without the leading path, e.g. <c>Invalid value: "x": must be ...</c>.</summary>
    public string ErrorBody()
    {
        var s = Type is FieldErrorType.FieldValueRequired or FieldErrorType.FieldValueForbidden
            or FieldErrorType.FieldValueTooLong or FieldErrorType.InternalError
            || ReferenceEquals(BadValue, OmittedValue)
            ? TypeDescription
            : TypeDescription + ": " + GoFormat.Value(BadValue);
        return Detail.Length != 0 ? s + ": " + Detail : s;
    }

    public override string ToString() => Path + ": " + ErrorBody();

    /// <summary>A value that was looked up was not found.</summary>
    public static FieldError NotFound(FieldPath? path, object? value) =>
        new(FieldErrorType.FieldValueNotFound, PathText(path), value, string.Empty);

    /// <summary>A required value is missing.</summary>
    public static FieldError Required(FieldPath? path, string detail) =>
        new(FieldErrorType.FieldValueRequired, PathText(path), string.Empty, detail);

    /// <summary>A value that must be unique is repeated.</summary>
    public static FieldError Duplicate(FieldPath? path, object? value) =>
        new(FieldErrorType.FieldValueDuplicate, PathText(path), value, string.Empty);

    /// <summary>A malformed value.</summary>
    public static FieldError Invalid(FieldPath? path, object? value, string detail) =>
        new(FieldErrorType.FieldValueInvalid, PathText(path), value, detail);

    /// <summary>A value outside an enumeration; the detail lists the supported values, quoted.</summary>
    public static FieldError NotSupported(FieldPath? path, object? value, IEnumerable<string> validValues)
    {
        ArgumentNullException.ThrowIfNull(validValues);
        var quoted = validValues.Select(GoFormat.Quote).ToList();
        var detail = quoted.Count > 0 ? "supported values: " + string.Join(", ", quoted) : string.Empty;
        return new(FieldErrorType.FieldValueNotSupported, PathText(path), value, detail);
    }

    /// <summary>A valid value that is not allowed here.</summary>
    public static FieldError Forbidden(FieldPath? path, string detail) =>
        new(FieldErrorType.FieldValueForbidden, PathText(path), string.Empty, detail);

    /// <summary>A too long value; a negative <paramref name="maxLength"/> leaves the limit out of the message.</summary>
    public static FieldError TooLong(FieldPath? path, int maxLength) =>
        new(FieldErrorType.FieldValueTooLong, PathText(path), "<value omitted>",
            maxLength >= 0
                ? string.Create(CultureInfo.InvariantCulture, $"may not be more than {maxLength} bytes")
                : "value is too long");

    /// <summary>A list with too many items; negative numbers are left out of the message.</summary>
    public static FieldError TooMany(FieldPath? path, int actualQuantity, int maxQuantity) =>
        new(FieldErrorType.FieldValueTooMany, PathText(path),
            actualQuantity >= 0 ? actualQuantity : OmittedValue,
            maxQuantity >= 0
                ? string.Create(CultureInfo.InvariantCulture, $"must have at most {maxQuantity} items")
                : "has too many items");

    /// <summary>A value of the wrong type.</summary>
    public static FieldError TypeInvalid(FieldPath? path, object? value, string detail) =>
        new(FieldErrorType.FieldValueTypeInvalid, PathText(path), value, detail);

    /// <summary>A failure not caused by the input.</summary>
    public static FieldError Internal(FieldPath? path, string detail) =>
        new(FieldErrorType.InternalError, PathText(path), null, detail);

    // Upstream prints a nil *field.Path as "<nil>"; label selector parse errors show it.
    private static string PathText(FieldPath? path) => path?.ToString() ?? "<nil>";

    private sealed class OmittedValueMarker
    {
        public override string ToString() => "<omitted>";
    }
}
