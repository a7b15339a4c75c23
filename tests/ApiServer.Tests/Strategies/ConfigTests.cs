using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Strategies;

public class ConfigTests
{
    [Fact]
    public void String_data_is_merged_into_base64_data_and_the_type_defaults_to_opaque()
    {
        var secret = Harness.Created("""
            apiVersion: v1
            kind: Secret
            metadata:
              name: s
            stringData:
              password: hunter2
            """);
        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
        Assert.Equal("aHVudGVyMg==", secret["data"]!["password"]!.GetValue<string>());
        Assert.Null(secret["stringData"]);
    }

    [Theory]
    [InlineData("data:\n  bad/key: YQ==",
        "data[bad/key]: Invalid value: \"bad/key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")]
    [InlineData("data:\n  key: not*base64", "data[key]: Invalid value: \"<secret contents redacted>\": illegal base64 data at input byte 3")]
    [InlineData("type: kubernetes.io/tls\ndata:\n  tls.crt: YQ==", "data[tls.key]: Required value")]
    [InlineData("type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: bm90IGpzb24=", "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\"")]
    public void Invalid_secrets_get_upstreams_cause(string body, string expected)
    {
        var secret = Yaml.Object("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n" + body);
        Assert.Contains(Harness.Lines(Harness.Create(secret)), c => c.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Secrets_larger_than_one_mebibyte_are_too_long()
    {
        var secret = Yaml.Object("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s");
        secret["data"] = new JsonObject { ["big"] = Convert.ToBase64String(new byte[(1024 * 1024) + 1]) };
        Assert.Equal(["data: Too long: may not be more than 1048576 bytes"], Harness.Lines(Harness.Create(secret)));
    }

    [Fact]
    public void A_secrets_type_is_immutable_and_immutable_data_cannot_change()
    {
        var old = Harness.Created("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nimmutable: true\ndata:\n  a: YQ==");
        var updated = (JsonObject)old.DeepClone();
        updated["type"] = "example.com/custom";
        updated["data"]!["a"] = "Yg==";
        Assert.Equal(
            [
                "type: Invalid value: \"example.com/custom\": field is immutable",
                "data: Forbidden: field is immutable when `immutable` is set",
            ],
            Harness.Lines(Harness.Update(updated, old)));
    }

    [Fact]
    public void Config_map_keys_may_not_appear_in_both_data_and_binary_data()
    {
        var cm = Yaml.Object("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\nbinaryData:\n  k: YQ==");
        Assert.Equal(["data[k]: Invalid value: \"k\": duplicate of key present in binaryData"], Harness.Lines(Harness.Create(cm)));
    }

    [Fact]
    public void Config_map_values_must_be_strings()
    {
        var cm = Yaml.Object("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  replicas: 3");
        var cause = Assert.Single(Harness.Create(cm));
        Assert.Equal(("FieldValueTypeInvalid", "data[replicas]", "Invalid value: 3: must be of type string"), (cause.Reason, cause.Field, cause.Message));
    }

    [Fact]
    public void Config_maps_larger_than_one_mebibyte_are_too_long()
    {
        var cm = Yaml.Object("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c");
        cm["data"] = new JsonObject { ["big"] = new string('x', (1024 * 1024) + 1) };
        Assert.Equal(["[]: Too long: may not be more than 1048576 bytes"], Harness.Lines(Harness.Create(cm)));
    }

    [Fact]
    public void Immutable_config_maps_reject_data_changes_but_not_label_changes()
    {
        var old = Harness.Created("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nimmutable: true\ndata:\n  k: v");
        var relabeled = (JsonObject)old.DeepClone();
        relabeled["metadata"]!["labels"] = new JsonObject { ["team"] = "a" };
        Assert.Empty(Harness.Update(relabeled, old));
        var changed = (JsonObject)old.DeepClone();
        changed["data"]!["k"] = "w";
        Assert.Equal(["data: Forbidden: field is immutable when `immutable` is set"], Harness.Lines(Harness.Update(changed, old)));
    }
}
