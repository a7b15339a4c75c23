using System.Text.Json.Nodes;
using Cluster.ApiServer.CustomResources;

namespace Cluster.ApiServer.Tests.CustomResources;

public class OpenApiValidatorTests
{
    /// <summary>One property <c>spec.x</c> with the schema given, and a body whose spec.x is the value given.</summary>
    public sealed record Case(string Schema, string Value, string? Expected, string Reason = "")
    {
        public override string ToString() => $"{Schema} <- {Value}";
    }

    public static TheoryData<Case> Cases => new()
    {
        new("""{"type":"integer"}""", "\"string\"", "spec.x: Invalid value: \"string\": spec.x in body must be of type integer: \"string\"", "FieldValueTypeInvalid"),
        new("""{"type":"integer"}""", "1.5", "spec.x: Invalid value: \"number\": spec.x in body must be of type integer: \"number\"", "FieldValueTypeInvalid"),
        new("""{"type":"integer"}""", "3", null),
        new("""{"type":"integer"}""", "3.0", null),
        new("""{"type":"string"}""", "3", "spec.x: Invalid value: \"integer\": spec.x in body must be of type string: \"integer\""),
        new("""{"type":"boolean"}""", "null", "spec.x: Invalid value: \"null\": spec.x in body must be of type boolean: \"null\""),
        new("""{"type":"boolean","nullable":true}""", "null", null),
        new("""{"type":"number","minimum":1}""", "0.5", "spec.x: Invalid value: 0.5: spec.x in body should be greater than or equal to 1", "FieldValueInvalid"),
        new("""{"type":"number","minimum":1,"exclusiveMinimum":true}""", "1", "spec.x: Invalid value: 1: spec.x in body should be greater than 1"),
        new("""{"type":"integer","maximum":10}""", "11", "spec.x: Invalid value: 11: spec.x in body should be less than or equal to 10"),
        new("""{"type":"integer","maximum":10,"exclusiveMaximum":true}""", "10", "spec.x: Invalid value: 10: spec.x in body should be less than 10"),
        new("""{"type":"integer","multipleOf":5}""", "12", "spec.x: Invalid value: 12: spec.x in body should be a multiple of 5"),
        new("""{"type":"number","multipleOf":0.1}""", "0.3", null),
        new("""{"type":"string","minLength":2}""", "\"a\"", "spec.x: Invalid value: \"a\": spec.x in body should be at least 2 chars long"),
        new("""{"type":"string","maxLength":2}""", "\"abc\"", "spec.x: Too long: may not be more than 2 bytes", "FieldValueTooLong"),
        new("""{"type":"string","pattern":"^[a-z]+$"}""", "\"A1\"", "spec.x: Invalid value: \"A1\": spec.x in body should match '^[a-z]+$'"),
        new("""{"type":"string","enum":["red","blue"]}""", "\"green\"", "spec.x: Unsupported value: \"green\": supported values: \"red\", \"blue\"", "FieldValueNotSupported"),
        new("""{"type":"integer","enum":[1,2]}""", "2", null),
        new("""{"type":"string","format":"date-time"}""", "\"yesterday\"", "spec.x: Invalid value: \"yesterday\": spec.x in body must be of type date-time: \"yesterday\""),
        new("""{"type":"string","format":"date-time"}""", "\"2024-01-02T03:04:05Z\"", null),
        new("""{"type":"integer","format":"int32"}""", "3000000000", "spec.x: Invalid value: 3000000000: spec.x in body must be of type int32: \"3000000000\""),
        new("""{"type":"integer","format":"int64"}""", "3000000000", null),
        new("""{"type":"array","items":{"type":"string"},"minItems":2}""", "[\"a\"]", "spec.x: Invalid value: 1: spec.x in body should have at least 2 items"),
        new("""{"type":"array","items":{"type":"string"},"maxItems":1}""", "[\"a\",\"b\"]", "spec.x: Too many: 2: must have at most 1 items", "FieldValueTooMany"),
        new("""{"type":"array","items":{"type":"integer"}}""", "[1,\"a\"]", "spec.x[1]: Invalid value: \"string\": spec.x[1] in body must be of type integer: \"string\""),
        new("""{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"}""", "[\"a\",\"a\"]", "spec.x[1]: Duplicate value: \"a\"", "FieldValueDuplicate"),
        new("""{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"},"v":{"type":"integer"}}}}""",
            """[{"name":"a","v":1},{"name":"a","v":2}]""", "spec.x[1]: Duplicate value: \"map[name:a]\""),
        new("""{"type":"object","required":["a"],"properties":{"a":{"type":"string"}}}""", "{}", "spec.x.a: Required value", "FieldValueRequired"),
        new("""{"type":"object","minProperties":1,"additionalProperties":{"type":"string"}}""", "{}", "spec.x: Invalid value: 0: spec.x in body should have at least 1 properties"),
        new("""{"type":"object","maxProperties":1,"additionalProperties":{"type":"string"}}""", """{"a":"1","b":"2"}""", "spec.x: Too many: 2: must have at most 1 items"),
        new("""{"type":"object","additionalProperties":{"type":"integer"}}""", """{"k":"v"}""", "spec.x.k: Invalid value: \"string\": spec.x.k in body must be of type integer: \"string\""),
        new("""{"x-kubernetes-int-or-string":true}""", "80", null),
        new("""{"x-kubernetes-int-or-string":true}""", "\"http\"", null),
        new("""{"x-kubernetes-int-or-string":true}""", "true", "spec.x: Invalid value: \"boolean\": spec.x in body must be of type integer,string: \"boolean\""),
        new("""{"x-kubernetes-preserve-unknown-fields":true}""", """{"any":["thing"]}""", null),
        new("""{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}""", """{"metadata":{"name":"n"}}""", "spec.x.apiVersion: Required value: must not be empty"),
        new("""{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}""", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"Bad_Name"}}""", "spec.x.metadata.name: Invalid value: \"Bad_Name\""),
        new("""{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}""", """{"apiVersion":"apps/v1","kind":"Deployment"}""", null),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_value_is_checked_against_its_schema_with_upstreams_messages(Case c)
    {
        var schema = ValidationSchema.Compile((JsonObject)JsonNode.Parse("""{"type":"object","properties":{"spec":{"type":"object","properties":{"x":""" + c.Schema + "}}}}")!);
        var obj = (JsonObject)JsonNode.Parse("""{"apiVersion":"example.dev/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"x":""" + c.Value + "}}")!;
        var errors = OpenApiValidator.Validate(obj, schema);
        if (c.Expected is null)
        {
            Assert.Empty(errors);
            return;
        }
        var error = Assert.Single(errors, e => e.ToString().StartsWith(c.Expected, StringComparison.Ordinal));
        if (c.Reason.Length > 0) Assert.Equal(c.Reason, error.CauseType);
    }

    [Fact]
    public void Required_fields_at_the_root_are_named_by_their_own_path()
    {
        var schema = ValidationSchema.Compile((JsonObject)JsonNode.Parse("""{"type":"object","required":["spec"],"properties":{"spec":{"type":"object"}}}""")!);
        var errors = OpenApiValidator.Validate((JsonObject)JsonNode.Parse("""{"apiVersion":"a/v1","kind":"K","metadata":{"name":"n"}}""")!, schema);
        Assert.Equal(["spec: Required value"], errors.Select(e => e.ToString()));
    }
}
