using System.Text;
using Cluster.Api.Core.V1;
using Cluster.Runtime.Client;

namespace Cluster.Runtime.Tests.Client;

public sealed class KindCodecTests
{
    private const string PodWithManagedFields = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"n","labels":{"app":"a"},
         "managedFields":[{"manager":"m","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}}}}],
         "resourceVersion":"7"},
         "spec":{"containers":[{"name":"c","image":"i"}]}}
        """;

    [Fact]
    public void The_codec_without_managed_fields_skips_them_and_reads_everything_else()
    {
        var lean = KindCodec<Pod>.Instance.WithoutManagedFields.Parse(Encoding.UTF8.GetBytes(PodWithManagedFields));
        var full = KindCodec<Pod>.Instance.Parse(Encoding.UTF8.GetBytes(PodWithManagedFields));

        Assert.Null(lean.Metadata!.ManagedFields);
        Assert.Equal("m", Assert.Single(full.Metadata!.ManagedFields!).Manager);
        var codec = KindCodec<Pod>.Instance;
        Assert.Equal(Encoding.UTF8.GetString(codec.Write(full with { Metadata = full.Metadata with { ManagedFields = null } })), Encoding.UTF8.GetString(codec.Write(lean)));
        Assert.Equal("7", lean.Metadata.ResourceVersion); // members after managedFields are still read
    }

    [Fact]
    public void Writes_are_the_same_through_either_codec()
    {
        var pod = KindCodec<Pod>.Instance.Parse(Encoding.UTF8.GetBytes(PodWithManagedFields));
        Assert.Equal(KindCodec<Pod>.Instance.Write(pod), KindCodec<Pod>.Instance.WithoutManagedFields.Write(pod));
    }
}
