using System.Text.Json.Nodes;
using Cluster.Api.Validation;

namespace Cluster.Api.Tests.Validation;

public class MetadataValidationTests
{
    private static readonly FieldPath Meta = FieldPath.Root("metadata");

    private static List<string> Validate(string json, bool namespaced = true) =>
        MetadataValidation.ValidateObjectMeta(JsonNode.Parse(json)!.AsObject(), namespaced, NameValidation.IsDns1123Subdomain, Meta)
            .Select(e => e.ToString()).ToList();

    [Fact]
    public void Valid_namespaced_metadata_has_no_errors()
    {
        Assert.Empty(Validate("""
            {"name":"web","namespace":"default","labels":{"app":"web","app.kubernetes.io/name":""},
             "annotations":{"example.com/Note":"anything at all"},"finalizers":["example.com/cleanup"],
             "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-1","uid":"u1","controller":true}],
             "generation":3}
            """));
    }

    [Fact]
    public void Name_or_generateName_is_required()
    {
        Assert.Equal(["metadata.name: Required value: name or generateName is required"], Validate("""{"namespace":"default"}"""));
    }

    [Fact]
    public void Name_is_checked_with_the_given_validator()
    {
        var errors = MetadataValidation.ValidateObjectMeta(JsonNode.Parse("""{"name":"a.b"}""")!.AsObject(), false, NameValidation.IsDns1123Label, Meta);
        var e = Assert.Single(errors);
        Assert.Equal(FieldErrorType.FieldValueInvalid, e.Type);
        Assert.Equal("metadata.name", e.Path);
        Assert.Equal("metadata.name: Invalid value: \"a.b\": must not contain dots", e.ToString());
    }

    [Fact]
    public void GenerateName_alone_satisfies_the_name_requirement_only_in_the_generated_sense()
    {
        // Like upstream: an object with only generateName still reports the missing name; the server fills it first.
        Assert.Equal(["metadata.name: Required value: name or generateName is required"],
            Validate("""{"generateName":"web-","namespace":"default"}"""));
    }

    [Fact]
    public void GenerateName_with_trailing_dash_is_valid()
    {
        Assert.Empty(Validate("""{"generateName":"web-","name":"web-x1","namespace":"default"}"""));
    }

    [Fact]
    public void Invalid_generateName_is_reported_with_its_original_value()
    {
        var errors = Validate("""{"generateName":"Web-","name":"web","namespace":"default"}""");
        var e = Assert.Single(errors);
        Assert.StartsWith("metadata.generateName: Invalid value: \"Web-\": a lowercase RFC 1123 subdomain", e, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab-", "aa")]
    [InlineData("a-", "a")]
    [InlineData("-", "-")]
    [InlineData("abc", "abc")]
    public void Trailing_dash_masking_matches_upstream(string generateName, string masked)
    {
        Assert.Equal(masked, MetadataValidation.MaskTrailingDash(generateName));
    }

    [Fact]
    public void Namespace_is_required_for_namespaced_resources()
    {
        Assert.Equal(["metadata.namespace: Required value"], Validate("""{"name":"x"}"""));
    }

    [Fact]
    public void Namespace_must_be_a_dns_label()
    {
        var e = Assert.Single(Validate("""{"name":"x","namespace":"my.ns"}"""));
        Assert.Equal("metadata.namespace: Invalid value: \"my.ns\": must not contain dots", e);
    }

    [Fact]
    public void Namespace_is_forbidden_for_cluster_scoped_resources()
    {
        Assert.Equal(["metadata.namespace: Forbidden: not allowed on this type"], Validate("""{"name":"x","namespace":"default"}""", namespaced: false));
        Assert.Empty(Validate("""{"name":"x"}""", namespaced: false));
    }

    [Fact]
    public void Negative_generation_is_invalid()
    {
        Assert.Equal(["metadata.generation: Invalid value: -1: must be greater than or equal to 0"],
            Validate("""{"name":"x","namespace":"d","generation":-1}"""));
    }

    [Fact]
    public void Label_keys_and_values_are_validated()
    {
        var errors = Validate("""{"name":"x","namespace":"d","labels":{"bad key":"ok","good":"bad value"}}""");
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("metadata.labels: Invalid value: \"bad key\": name part must consist of", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("metadata.labels: Invalid value: \"bad value\": a valid label must be an empty string", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Annotation_keys_are_validated_case_insensitively()
    {
        Assert.Empty(Validate("""{"name":"x","namespace":"d","annotations":{"Example.COM/Key":"v"}}"""));
        var e = Assert.Single(Validate("""{"name":"x","namespace":"d","annotations":{"bad/key/x":"v"}}"""));
        Assert.StartsWith("metadata.annotations: Invalid value: \"bad/key/x\": a qualified name must consist", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotations_may_total_256_KiB()
    {
        var meta = new JsonObject
        {
            ["name"] = "x",
            ["namespace"] = "d",
            ["annotations"] = new JsonObject { ["k"] = new string('v', (256 * 1024) - 1) },
        };
        Assert.Empty(MetadataValidation.ValidateObjectMeta(meta, true, NameValidation.IsDns1123Subdomain, Meta));
        meta["annotations"]!["k"] = new string('v', 256 * 1024);
        var e = Assert.Single(MetadataValidation.ValidateObjectMeta(meta, true, NameValidation.IsDns1123Subdomain, Meta));
        Assert.Equal(FieldErrorType.FieldValueTooLong, e.Type);
        Assert.Equal("metadata.annotations: Too long: may not be more than 262144 bytes", e.ToString());
    }

    [Fact]
    public void Owner_references_need_apiVersion_kind_name_and_uid()
    {
        var errors = Validate("""{"name":"x","namespace":"d","ownerReferences":[{"apiVersion":"apps/"}]}""");
        Assert.Equal(
        [
            "metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty",
            "metadata.ownerReferences.kind: Invalid value: \"\": kind must not be empty",
            "metadata.ownerReferences.name: Invalid value: \"\": name must not be empty",
            "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty",
        ], errors);
    }

    [Fact]
    public void Events_cannot_be_owners()
    {
        var e = Assert.Single(Validate("""{"name":"x","namespace":"d","ownerReferences":[{"apiVersion":"v1","kind":"Event","name":"e","uid":"u"}]}"""));
        Assert.EndsWith(": /v1, Kind=Event is disallowed from being an owner", e, StringComparison.Ordinal);
        Assert.StartsWith("metadata.ownerReferences: Invalid value: ", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_one_owner_reference_may_be_the_controller()
    {
        var e = Assert.Single(Validate("""
            {"name":"x","namespace":"d","ownerReferences":[
              {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"a","uid":"1","controller":true},
              {"apiVersion":"apps/v1","kind":"StatefulSet","name":"b","uid":"2","controller":true}]}
            """));
        Assert.EndsWith("Only one reference can have Controller set to true. Found \"true\" in references for ReplicaSet/a and StatefulSet/b", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Finalizers_must_be_qualified_names()
    {
        var e = Assert.Single(Validate("""{"name":"x","namespace":"d","finalizers":["kubernetes","bad finalizer"]}"""));
        Assert.StartsWith("metadata.finalizers: Invalid value: \"bad finalizer\": name part must consist", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Orphan_and_foreground_finalizers_exclude_each_other()
    {
        Assert.Equal(
            ["metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot be both set"],
            Validate("""{"name":"x","namespace":"d","finalizers":["orphan","foregroundDeletion"]}"""));
    }

    [Fact]
    public void Managed_fields_entries_are_checked()
    {
        var errors = Validate("""
            {"name":"x","namespace":"d","managedFields":[
              {"manager":"kubectl","operation":"Apply","fieldsType":"FieldsV1"},
              {"manager":"bad\u0001","operation":"Patch","fieldsType":"FieldsV2"}]}
            """);
        Assert.Equal(
        [
            "metadata.managedFields[1].operation: Invalid value: \"Patch\": must be `Apply` or `Update`",
            "metadata.managedFields[1].fieldsType: Invalid value: \"FieldsV2\": must be `FieldsV1`",
            "metadata.managedFields[1].manager: Invalid value: \"bad\\x01\": invalid character U+0001 (at position 3)",
        ], errors);
    }

    [Fact]
    public void Non_string_fields_are_type_errors()
    {
        var errors = MetadataValidation.ValidateObjectMeta(JsonNode.Parse("""{"name":5,"namespace":"d","labels":{"a":1}}""")!.AsObject(),
            true, NameValidation.IsDns1123Subdomain, Meta);
        Assert.Contains(errors, e => e.Type == FieldErrorType.FieldValueTypeInvalid && e.Path == "metadata.name");
        Assert.Contains(errors, e => e.Type == FieldErrorType.FieldValueTypeInvalid && e.Path == "metadata.labels[a]");
    }

    [Fact]
    public void Errors_come_in_upstream_order()
    {
        var errors = MetadataValidation.ValidateObjectMeta(
            JsonNode.Parse("""{"generateName":"A","labels":{"-":""},"finalizers":["-"]}""")!.AsObject(),
            true, NameValidation.IsDns1123Subdomain, Meta);
        Assert.Equal(
            ["metadata.generateName", "metadata.name", "metadata.namespace", "metadata.labels", "metadata.finalizers"],
            errors.Select(e => e.Path).ToList());
    }
}
