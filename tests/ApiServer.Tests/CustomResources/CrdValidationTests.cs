using System.Text.Json.Nodes;
using Cluster.ApiServer.CustomResources;

namespace Cluster.ApiServer.Tests.CustomResources;

public class CrdValidationTests
{
    /// <summary>A valid CRD: widgets.example.dev, v1 stored and served, a small structural schema, scale and columns.</summary>
    public static JsonObject ValidCrd() => (JsonObject)JsonNode.Parse("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.dev"},
         "spec":{"group":"example.dev","scope":"Namespaced",
          "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList","shortNames":["wdg"],"categories":["all"]},
          "conversion":{"strategy":"None"},
          "versions":[{"name":"v1","served":true,"storage":true,
            "subresources":{"status":{},"scale":{"specReplicasPath":".spec.size","statusReplicasPath":".status.count"}},
            "additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"}],
            "schema":{"openAPIV3Schema":{"type":"object","properties":{
              "spec":{"type":"object","properties":{
                "size":{"type":"integer","default":1,"minimum":1},
                "tags":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"},
                "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                  "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}},
                "port":{"x-kubernetes-int-or-string":true},
                "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
                "template":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}},
              "status":{"type":"object","properties":{"count":{"type":"integer"}}}}}}}]}}
        """)!;

    private static JsonObject Version(JsonObject crd) => (JsonObject)crd["spec"]!["versions"]![0]!;

    private static JsonObject Properties(JsonObject crd) => (JsonObject)Version(crd)["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!;

    private const string SpecSchema = "spec.versions[0].schema.openAPIV3Schema.properties[spec]";

    public sealed record Case(string Name, Action<JsonObject> Break, string Expected)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> InvalidCrds => new()
    {
        new("name is not plural.group", c => c["metadata"]!["name"] = "gadgets.example.dev",
            "metadata.name: Invalid value: \"gadgets.example.dev\": must be spec.names.plural+\".\"+spec.group"),
        new("group without a dot", c => { c["spec"]!["group"] = "example"; c["metadata"]!["name"] = "widgets.example"; },
            "spec.group: Invalid value: \"example\": should be a domain with at least one dot"),
        new("upper-case plural", c => { c["spec"]!["names"]!["plural"] = "Widgets"; c["metadata"]!["name"] = "Widgets.example.dev"; },
            "spec.names.plural: Invalid value: \"Widgets\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"),
        new("kind with an underscore", c => c["spec"]!["names"]!["kind"] = "Wid_get",
            "spec.names.kind: Invalid value: \"Wid_get\": may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?"),
        new("kind equal to listKind", c => c["spec"]!["names"]!["listKind"] = "Widget",
            "spec.names.listKind: Invalid value: \"Widget\": kind and listKind must be different"),
        new("bad short name", c => c["spec"]!["names"]!["shortNames"] = new JsonArray("w_d"), "spec.names.shortNames[0]: Invalid value: \"w_d\""),
        new("bad scope", c => c["spec"]!["scope"] = "Galaxy",
            "spec.scope: Unsupported value: \"Galaxy\": supported values: \"Cluster\", \"Namespaced\""),
        new("no versions", c => c["spec"]!["versions"] = new JsonArray(), "spec.versions: Invalid value: \"[]\": must have exactly one version marked as storage version"),
        new("two storage versions", c => ((JsonArray)c["spec"]!["versions"]!).Add(((JsonObject)Version(c).DeepClone()).Also(v => v["name"] = "v2")),
            "spec.versions: Invalid value: \"v1, v2\": must have exactly one version marked as storage version"),
        new("no served version", c => Version(c)["served"] = false, "spec.versions: Invalid value: \"v1\": must have at least one version marked as served"),
        new("version name not DNS-1035", c => Version(c)["name"] = "V1", "spec.versions[0].name: Invalid value: \"V1\""),
        new("duplicate version", c => ((JsonArray)c["spec"]!["versions"]!).Add(((JsonObject)Version(c).DeepClone()).Also(v => v["storage"] = false)),
            "spec.versions: Invalid value: \"v1\": must contain unique version names"),
        new("no schema", c => Version(c).Remove("schema"), "spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"),
        new("root not an object", c => Version(c)["schema"]!["openAPIV3Schema"]!["type"] = "string",
            "spec.versions[0].schema.openAPIV3Schema.type: Invalid value: \"string\": must be object at the root"),
        new("field without type", c => ((JsonObject)Properties(c)["size"]!).Remove("type"),
            $"{SpecSchema}.properties[size].type: Required value: must not be empty for specified object fields"),
        new("items without type", c => ((JsonObject)Properties(c)["tags"]!["items"]!).Remove("type"),
            $"{SpecSchema}.properties[tags].items.type: Required value: must not be empty for specified array items"),
        new("unknown type", c => Properties(c)["size"]!["type"] = "float",
            $"{SpecSchema}.properties[size].type: Unsupported value: \"float\""),
        new("array without items", c => ((JsonObject)Properties(c)["tags"]!).Remove("items"), $"{SpecSchema}.properties[tags].items: Required value: must be specified"),
        new("properties with additionalProperties", c => Properties(c)["ports"]!["items"]!["additionalProperties"] = new JsonObject { ["type"] = "string" },
            $"{SpecSchema}.properties[ports].items.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"),
        new("additionalProperties false", c => Properties(c)["free"]!["additionalProperties"] = false,
            $"{SpecSchema}.properties[free].additionalProperties: Forbidden: additionalProperties cannot be set to false"),
        new("$ref", c => Properties(c)["size"]!["$ref"] = "#/definitions/x", $"{SpecSchema}.properties[size].$ref: Forbidden: $ref is not supported"),
        new("uniqueItems", c => Properties(c)["tags"]!["uniqueItems"] = true,
            $"{SpecSchema}.properties[tags].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"),
        new("int-or-string with a type", c => Properties(c)["port"]!["type"] = "string",
            $"{SpecSchema}.properties[port].type: Invalid value: \"string\": must be empty if x-kubernetes-int-or-string is true"),
        new("list-type map without keys", c => ((JsonObject)Properties(c)["ports"]!).Remove("x-kubernetes-list-map-keys"),
            $"{SpecSchema}.properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map"),
        new("unknown list-type", c => Properties(c)["tags"]!["x-kubernetes-list-type"] = "bag", $"{SpecSchema}.properties[tags].x-kubernetes-list-type: Unsupported value: \"bag\""),
        new("embedded resource not an object", c => Properties(c)["template"]!["type"] = "string",
            $"{SpecSchema}.properties[template].type: Invalid value: \"string\": must be object if x-kubernetes-embedded-resource is true"),
        new("invalid pattern", c => Properties(c)["size"] = new JsonObject { ["type"] = "string", ["pattern"] = "([a-z" },
            $"{SpecSchema}.properties[size].pattern: Invalid value: \"([a-z\": must be a valid regular expression"),
        new("metadata beyond name", c => Version(c)["schema"]!["openAPIV3Schema"]!["properties"]!["metadata"] =
                new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["labels"] = new JsonObject { ["type"] = "object" } } },
            "spec.versions[0].schema.openAPIV3Schema.properties[metadata].properties[labels]: Forbidden: must not be specified"),
        new("default of the wrong type", c => Properties(c)["size"]!["default"] = "one",
            $"{SpecSchema}.properties[size].default: Invalid value: \"string\": size in body must be of type integer: \"string\""),
        new("default below the minimum", c => Properties(c)["size"]!["default"] = 0,
            $"{SpecSchema}.properties[size].default: Invalid value: 0: size in body should be greater than or equal to 1"),
        new("scale path outside spec", c => Version(c)["subresources"]!["scale"]!["specReplicasPath"] = ".status.size",
            "spec.versions[0].subresources.scale.specReplicasPath: Invalid value: \".status.size\": should be a json path under .spec"),
        new("scale without status path", c => ((JsonObject)Version(c)["subresources"]!["scale"]!).Remove("statusReplicasPath"),
            "spec.versions[0].subresources.scale.statusReplicasPath: Required value"),
        new("column type", c => Version(c)["additionalPrinterColumns"]![0]!["type"] = "float",
            "spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: \"float\": supported values: \"integer\", \"number\", \"string\", \"boolean\", \"date\""),
        new("column without jsonPath", c => ((JsonObject)Version(c)["additionalPrinterColumns"]![0]!).Remove("jsonPath"),
            "spec.versions[0].additionalPrinterColumns[0].jsonPath: Required value"),
        new("column jsonPath template", c => Version(c)["additionalPrinterColumns"]![0]!["jsonPath"] = "{.spec.size}",
            "spec.versions[0].additionalPrinterColumns[0].jsonPath: Invalid value: \"{.spec.size}\": must be a simple json path starting with ."),
        new("webhook conversion is unsupported", c => c["spec"]!["conversion"]!["strategy"] = "Webhook",
            "spec.conversion.strategy: Unsupported value: \"Webhook\": supported values: \"None\""),
        new("preserveUnknownFields", c => c["spec"]!["preserveUnknownFields"] = true,
            "spec.preserveUnknownFields: Invalid value: true: must be false in order to use defaults in the schema"),
    };

    [Fact]
    public void A_valid_crd_has_no_errors() => Assert.Empty(CrdValidation.Validate(ValidCrd()));

    [Theory]
    [MemberData(nameof(InvalidCrds))]
    public void An_invalid_crd_gets_the_field_error_upstream_gives(Case c)
    {
        var crd = ValidCrd();
        c.Break(crd);
        var errors = CrdValidation.Validate(crd).Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.Contains(c.Expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Group_and_scope_are_immutable_and_stored_versions_must_stay_listed()
    {
        var old = ValidCrd();
        old["status"] = new JsonObject { ["storedVersions"] = new JsonArray("v1") };
        var updated = ValidCrd();
        updated["spec"]!["scope"] = "Cluster";
        Version(updated)["name"] = "v2";
        var errors = CrdValidation.ValidateUpdate(updated, old).Select(e => e.ToString()).ToList();
        Assert.Contains("spec.scope: Invalid value: \"Cluster\": field is immutable", errors);
        Assert.Contains("status.storedVersions[0]: Invalid value: \"v1\": must appear in spec.versions", errors);
    }
}
