using System.Text.Json.Nodes;
using Cluster.Api.Validation;

namespace Cluster.Api.Tests.Validation;

public class FieldErrorTests
{
    private static readonly FieldPath Name = FieldPath.Root("metadata").Child("name");

    [Fact]
    public void Invalid_quotes_a_string_value_and_appends_the_detail()
    {
        var e = FieldError.Invalid(Name, "Foo_", "must be lowercase");
        Assert.Equal("metadata.name: Invalid value: \"Foo_\": must be lowercase", e.ToString());
        Assert.Equal(FieldErrorType.FieldValueInvalid, e.Type);
        Assert.Equal("FieldValueInvalid", e.CauseType);
        Assert.Equal("metadata.name", e.Path);
        Assert.Equal("Foo_", e.BadValue);
    }

    [Fact]
    public void Required_does_not_print_a_value()
    {
        Assert.Equal("spec.containers: Required value", FieldError.Required(FieldPath.Root("spec").Child("containers"), "").ToString());
        Assert.Equal("metadata.name: Required value: name or generateName is required",
            FieldError.Required(Name, "name or generateName is required").ToString());
    }

    [Fact]
    public void Forbidden_does_not_print_a_value()
    {
        Assert.Equal("metadata.namespace: Forbidden: not allowed on this type",
            FieldError.Forbidden(FieldPath.Root("metadata").Child("namespace"), "not allowed on this type").ToString());
    }

    [Fact]
    public void TooLong_states_the_limit_in_bytes()
    {
        var e = FieldError.TooLong(FieldPath.Root("metadata").Child("annotations"), 262144);
        Assert.Equal("metadata.annotations: Too long: may not be more than 262144 bytes", e.ToString());
        Assert.Equal("metadata.annotations: Too long: value is too long", FieldError.TooLong(FieldPath.Root("metadata").Child("annotations"), -1).ToString());
    }

    [Fact]
    public void TooMany_prints_the_count_unless_it_is_negative()
    {
        Assert.Equal("spec.items: Too many: 5: must have at most 3 items", FieldError.TooMany(FieldPath.Root("spec").Child("items"), 5, 3).ToString());
        Assert.Equal("spec.items: Too many: has too many items", FieldError.TooMany(FieldPath.Root("spec").Child("items"), -1, -1).ToString());
    }

    [Fact]
    public void NotSupported_lists_the_quoted_supported_values()
    {
        var e = FieldError.NotSupported(FieldPath.Root("spec").Child("restartPolicy"), "Sometimes", ["Always", "Never", "OnFailure"]);
        Assert.Equal("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\", \"OnFailure\"", e.ToString());
        Assert.Equal("FieldValueNotSupported", e.CauseType);
    }

    [Theory]
    [InlineData(FieldErrorType.FieldValueNotFound, "FieldValueNotFound")]
    [InlineData(FieldErrorType.FieldValueRequired, "FieldValueRequired")]
    [InlineData(FieldErrorType.FieldValueDuplicate, "FieldValueDuplicate")]
    [InlineData(FieldErrorType.FieldValueInvalid, "FieldValueInvalid")]
    [InlineData(FieldErrorType.FieldValueNotSupported, "FieldValueNotSupported")]
    [InlineData(FieldErrorType.FieldValueForbidden, "FieldValueForbidden")]
    [InlineData(FieldErrorType.FieldValueTooLong, "FieldValueTooLong")]
    [InlineData(FieldErrorType.FieldValueTooMany, "FieldValueTooMany")]
    [InlineData(FieldErrorType.InternalError, "InternalError")]
    [InlineData(FieldErrorType.FieldValueTypeInvalid, "FieldValueTypeInvalid")]
    public void CauseType_is_the_wire_name(FieldErrorType type, string wire)
    {
        Assert.Equal(wire, new FieldError(type, "x", null, "").CauseType);
    }

    [Fact]
    public void Other_factories_print_upstream_descriptions()
    {
        var p = FieldPath.Root("f");
        Assert.Equal("f: Not found: \"x\"", FieldError.NotFound(p, "x").ToString());
        Assert.Equal("f: Duplicate value: \"x\"", FieldError.Duplicate(p, "x").ToString());
        Assert.Equal("f: Invalid value: \"number\": must be of type string", FieldError.TypeInvalid(p, "number", "must be of type string").ToString());
        Assert.Equal("f: Internal error: boom", FieldError.Internal(p, "boom").ToString());
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Bad_values_print_like_go(object? value, string expected)
    {
        Assert.Equal("f: Invalid value: " + expected, FieldError.Invalid(FieldPath.Root("f"), value, "").ToString());
    }

    public static TheoryData<object?, string> BadValues() => new()
    {
        { null, "null" },
        { 42L, "42" },
        { -7, "-7" },
        { true, "true" },
        { 1.5, "1.5" },
        { 1e21, "1e+21" },
        { 1000000.0, "1e+06" },
        { 123456.0, "123456" },
        { 1234567.0, "1.234567e+06" },
        { -2.5e-7, "-2.5e-07" },
        { 0.0001, "0.0001" },
        { 0.00001, "1e-05" },
        { "tab\there", "\"tab\\there\"" },
        { "quote\"back\\slash", "\"quote\\\"back\\\\slash\"" },
        { "bell\u0007", "\"bell\\a\"" },
        { "esc\u001b", "\"esc\\x1b\"" },
        { "nbsp\u00a0", "\"nbsp\\u00a0\"" },
        { "héllo ✓", "\"héllo ✓\"" },
        { new[] { "a", "b" }, "[]string{\"a\", \"b\"}" },
        { Array.Empty<string>(), "[]string{}" },
        { JsonValue.Create("s"), "\"s\"" },
        { JsonValue.Create(12), "12" },
        { JsonNode.Parse("{\"a\":1}"), "{\"a\":1}" },
    };

    [Fact]
    public void A_null_path_prints_as_nil_like_upstream()
    {
        Assert.Equal("<nil>: Invalid value: \"x\": bad", FieldError.Invalid(null, "x", "bad").ToString());
    }

    [Fact]
    public void Records_with_equal_fields_are_equal()
    {
        Assert.Equal(FieldError.Invalid(Name, "a", "b"), FieldError.Invalid(Name, "a", "b"));
        Assert.NotEqual(FieldError.Invalid(Name, "a", "b"), FieldError.Invalid(Name, "a", "c"));
    }
}
