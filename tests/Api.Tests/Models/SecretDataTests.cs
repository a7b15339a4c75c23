using System.Text;
using System.Text.Json;
using Cluster.Api.Core.V1;

namespace Cluster.Api.Tests.Models;

public sealed class SecretDataTests
{
    [Fact]
    public void Secret_data_is_base64_decoded_to_bytes_and_encoded_back()
    {
        var json = """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"password":"czNjcjN0","empty":""},"stringData":{"user":"admin"},"type":"Opaque"}""";

        var secret = JsonSerializer.Deserialize(json, Secret.JsonTypeInfo)!;

        Assert.Equal("s3cr3t", Encoding.UTF8.GetString(secret.Data!["password"].Span));
        Assert.Equal(0, secret.Data["empty"].Length);
        Assert.Equal("admin", secret.StringData!["user"]);
        Assert.Equal(json, JsonSerializer.Serialize(secret, Secret.JsonTypeInfo));
    }

    [Fact]
    public void Bytes_set_in_code_are_written_as_base64()
    {
        var config = new ConfigMap { BinaryData = new Dictionary<string, ReadOnlyMemory<byte>> { ["blob"] = new byte[] { 0, 1, 2, 255 } } };

        Assert.Equal("""{"binaryData":{"blob":"AAEC/w=="}}""", JsonSerializer.Serialize(config, ConfigMap.JsonTypeInfo));
    }

    [Fact]
    public void Invalid_base64_is_rejected()
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize("""{"data":{"a":"not base64!"}}""", Secret.JsonTypeInfo));
    }
}
