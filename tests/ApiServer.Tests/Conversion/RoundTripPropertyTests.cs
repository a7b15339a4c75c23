using Cluster.ApiServer.Conversion;
using static Cluster.ApiServer.Conversion.HorizontalPodAutoscalerConversion;

namespace Cluster.ApiServer.Tests.Conversion;

public sealed class RoundTripPropertyTests
{
    private const int Iterations = 1000;

    [Fact]
    public void Valid_v2_hpas_survive_v1_and_back()
    {
        var random = new RandomValidObjects(1);
        for (var i = 0; i < Iterations; i++)
        {
            var v2 = random.HpaV2();
            JsonAssert.Equal(v2, ToV2(ToV1(v2)));
        }
    }

    [Fact]
    public void Hpas_served_as_v1_survive_v2_and_back()
    {
        var random = new RandomValidObjects(2);
        for (var i = 0; i < Iterations; i++)
        {
            var v1 = ToV1(random.HpaV2());
            JsonAssert.Equal(v1, ToV1(ToV2(v1)));
        }
    }

    [Fact]
    public void Valid_events_survive_both_round_trips()
    {
        var random = new RandomValidObjects(3);
        for (var i = 0; i < Iterations; i++)
        {
            var core = random.CoreEvent();
            var events = EventConversion.ToEventsV1(core);
            JsonAssert.Equal(core, EventConversion.ToCoreV1(events));
            JsonAssert.Equal(events, EventConversion.ToEventsV1(EventConversion.ToCoreV1(events)));
        }
    }
}
