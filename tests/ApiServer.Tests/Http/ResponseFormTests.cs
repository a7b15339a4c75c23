using Cluster.ApiServer.Handlers;

namespace Cluster.ApiServer.Tests.Http;

public sealed class ResponseFormTests
{
    [Theory]
    [InlineData("application/json", ResponseForm.Object)]
    [InlineData("*/*", ResponseForm.Object)]
    [InlineData("application/json;charset=utf-8", ResponseForm.Object)]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io", ResponseForm.Table)]
    [InlineData("application/json;as=Table;g=meta.k8s.io;v=v1beta1", ResponseForm.Table)]
    [InlineData("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1", ResponseForm.Metadata)]
    [InlineData(" application/json ; as=PartialObjectMetadataList ; g=meta.k8s.io ; v=v1", ResponseForm.MetadataList)]
    [InlineData("application/json;as=PartialObjectMetadata;g=apps;v=v1", null)]
    [InlineData("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v2", null)]
    [InlineData("application/json;as=Gadget;g=meta.k8s.io;v=v1", null)]
    [InlineData("application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1", null)]
    [InlineData("application/yaml", null)]
    [InlineData("", null)]
    public void One_clause_names_a_form_this_server_produces_or_none(string clause, ResponseForm? expected) =>
        Assert.Equal(expected, ResponseForms.Parse(clause));

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"x":"}"}},"data":{"metadata":"no"}}""", """{"name":"a","labels":{"x":"}"}}""")]
    [InlineData("""{"data":{"metadata":{"name":"inner"}},"metadata":{}}""", "{}")]
    [InlineData("""{"kind":"ConfigMap"}""", "{}")]
    [InlineData("""{"metadata":"not an object"}""", "{}")]
    [InlineData("[]", "{}")]
    public void The_metadata_is_cut_out_of_the_top_level_object_only(string json, string metadata) =>
        Assert.Equal(metadata, System.Text.Encoding.UTF8.GetString(PartialMetadata.MetadataOf(System.Text.Encoding.UTF8.GetBytes(json))));
}
