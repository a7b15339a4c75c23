using System.Text.Json.Nodes;
using Cluster.ApiServer.Conversion;
using static Cluster.ApiServer.Conversion.HorizontalPodAutoscalerConversion;

namespace Cluster.ApiServer.Tests.Conversion;

public sealed class ConversionFuzzTests
{
    private const int Iterations = 2000;

    private static readonly (string Name, Func<JsonObject, JsonObject> Convert, string ApiVersion)[] Conversions =
    [
        ("HPA to v1", ToV1, V1ApiVersion),
        ("HPA to v2", ToV2, V2ApiVersion),
        ("Event to events.k8s.io/v1", EventConversion.ToEventsV1, EventConversion.EventsV1ApiVersion),
        ("Event to core v1", EventConversion.ToCoreV1, EventConversion.CoreV1ApiVersion),
    ];

    [Fact]
    public void Random_objects_never_make_a_conversion_throw()
    {
        var random = new RandomJson(20240501);
        for (var i = 0; i < Iterations; i++)
        {
            var input = random.Object(6);
            foreach (var conversion in Conversions) Check(conversion, input, i);
        }
    }

    [Fact]
    public void Rich_objects_with_random_parts_replaced_never_make_a_conversion_throw()
    {
        var random = new RandomJson(7);
        JsonObject[] fixtures = [HpaFixtures.RichV2(), ToV1(HpaFixtures.RichV2()), EventFixture()];
        for (var i = 0; i < Iterations; i++)
        {
            var input = fixtures[i % fixtures.Length].DeepClone().AsObject();
            for (var mutations = 1 + random.Next(3); mutations > 0; mutations--) Mutate(input, random);
            foreach (var conversion in Conversions) Check(conversion, input, i);
        }
    }

    [Fact]
    public void Random_round_trip_annotations_never_reach_v2()
    {
        var random = new RandomJson(99);
        for (var i = 0; i < Iterations; i++)
        {
            var annotations = new JsonObject();
            foreach (var key in RoundTripAnnotations)
            {
                if (random.Next(3) > 0) annotations[key] = random.AnnotationText(4);
            }

            var v1 = ToV1(HpaFixtures.RichV2());
            v1["metadata"]!["annotations"] = annotations;
            Check(Conversions[1], v1, i);
        }
    }

    private static void Check((string Name, Func<JsonObject, JsonObject> Convert, string ApiVersion) conversion, JsonObject input, int iteration)
    {
        var before = input.DeepClone();
        JsonObject output;
        try
        {
            output = conversion.Convert(input);
        }
        catch (Exception e)
        {
            Assert.Fail($"{conversion.Name} threw on iteration {iteration}: {e}");
            return;
        }

        Assert.True(JsonNode.DeepEquals(before, input), $"{conversion.Name} changed its input on iteration {iteration}");
        Assert.Equal(conversion.ApiVersion, (string?)output["apiVersion"]);
        if (conversion.ApiVersion == V2ApiVersion)
        {
            var annotations = output["metadata"]?["annotations"] as JsonObject;
            Assert.DoesNotContain(annotations?.Select(p => p.Key) ?? [], RoundTripAnnotations.Contains);
            Assert.NotEmpty(output["spec"]!["metrics"]!.AsArray());
        }
    }

    /// <summary>Replaces a random node with a random value, or removes it from its object.</summary>
    private static void Mutate(JsonObject root, RandomJson random)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var node = nodes[random.Next(nodes.Count)];
        switch (node.Parent)
        {
            case JsonObject parent:
                var name = node.GetPropertyName();
                if (random.Next(4) == 0) parent.Remove(name);
                else parent[name] = random.Value();
                break;
            case JsonArray array:
                array[node.GetElementIndex()] = random.Value();
                break;
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        if (node.Parent is not null) nodes.Add(node);
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is not null) Collect(child, nodes);
        }
    }

    private static JsonObject EventFixture() => JsonNode.Parse("""
        {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "e"}, "involvedObject": {"kind": "Pod", "name": "p"},
         "reason": "r", "message": "m", "source": {"component": "c"}, "firstTimestamp": "t", "count": 2,
         "series": {"count": 1, "lastObservedTime": "t"}, "related": {"kind": "Node"}, "reportingComponent": "c"}
        """)!.AsObject();
}
