using Cluster.Runtime.Client;
using Marathon;

namespace Cluster.Marathon.Tests;

public sealed class AppCodecTests
{
    [Fact]
    public void A_kind_of_its_own_serializer_context_keeps_its_codec_for_caches_without_managed_fields()
    {
        Assert.Same(KindCodec<App>.Instance, KindCodec<App>.Instance.WithoutManagedFields);
    }
}
