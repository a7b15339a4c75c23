using Cluster.Api;
using Cluster.Runtime.Client;

namespace Cluster.Runtime.Tests.Client;

public sealed class MetadataOnlyCodecTests
{
    private static readonly MetadataOnlyCodec Codec = new(new KindInfo("", "v1", "ConfigMap", "configmaps", true));

    [Fact]
    public void Reads_apiVersion_kind_and_metadata_without_managed_fields_and_nothing_else()
    {
        var lean = Codec.Parse("""
            {"data":{"big":"xxxxxxxx","nested":{"a":[1,2,{"b":null}]}},"apiVersion":"v1","kind":"ConfigMap",
             "metadata":{"name":"c","namespace":"n","uid":"u","labels":{"app":"x"},"finalizers":["f"],
               "managedFields":[{"manager":"kubectl","operation":"Update","fieldsV1":{"f:data":{}}}],
               "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"o","uid":"ou","blockOwnerDeletion":true}]},
             "status":{"x":1}}
            """u8);

        Assert.Equal(["apiVersion", "kind", "metadata"], lean.Body.Select(p => p.Key).Order());
        Assert.Equal(("v1", "ConfigMap"), (lean.ApiVersion, lean.Kind));
        Assert.False(lean.Body["metadata"]!.AsObject().ContainsKey("managedFields"));
        Assert.Null(lean.Metadata!.ManagedFields);
        Assert.Equal(("c", "n", "u"), (lean.Metadata.Name, lean.Metadata.Namespace, lean.Metadata.Uid));
        Assert.Equal("ou", lean.Metadata.OwnerReferences![0].Uid);
        Assert.True(lean.Metadata.OwnerReferences[0].BlockOwnerDeletion);
        Assert.Equal(["f"], lean.Metadata.Finalizers!);
        Assert.Equal("x", (string?)lean.Body["metadata"]!["labels"]!["app"]);
    }

    [Fact]
    public void A_PartialObjectMetadata_reads_as_the_codecs_kind()
    {
        var lean = Codec.Parse("""{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"p","namespace":"n"}}"""u8);
        Assert.Equal(("v1", "ConfigMap"), (lean.ApiVersion, lean.Kind));
        Assert.Equal("p", lean.Metadata!.Name);
    }

    [Fact]
    public void Leaves_the_reader_after_the_object_so_a_list_or_watch_event_reads_on()
    {
        var reader = new System.Text.Json.Utf8JsonReader("""{"type":"ADDED","object":{"metadata":{"name":"a"},"spec":{"x":[{}]}},"after":true}"""u8);
        reader.Read(); // {
        reader.Read(); // "type"
        reader.Read();
        reader.Read(); // "object"
        reader.Read();
        var obj = Codec.Read(ref reader);
        Assert.Equal("a", obj.Metadata!.Name);
        reader.Read();
        Assert.True(reader.ValueTextEquals("after"u8));
    }
}
