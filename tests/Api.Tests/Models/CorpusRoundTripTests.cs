using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api.Serialization;
using Xunit.Abstractions;

namespace Cluster.Api.Tests.Models;

/// <summary>
/// Every object in tests/Corpus/manifests whose kind is generated decodes to its typed model (found through
/// <see cref="KindRegistry.BuiltIn"/>) and encodes back to JSON semantically equal to the input.
/// </summary>
public sealed class CorpusRoundTripTests(ITestOutputHelper output)
{
    /// <summary>Kinds in the corpus that are custom resources, so no model exists for them.</summary>
    private static readonly HashSet<string> CustomKinds = ["stable.example.com/v1 Shirt"];

    public static TheoryData<string, int> Objects()
    {
        var data = new TheoryData<string, int>();
        foreach (var obj in Corpus.All().Where(o => !CustomKinds.Contains($"{o.ApiVersion} {o.Kind}")))
        {
            data.Add(obj.File, obj.Document);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void Corpus_object_round_trips_through_its_typed_model(string file, int document)
    {
        var input = Corpus.Read(file)[document];
        Assert.True(
            KindRegistry.BuiltIn.TryGet(input.ApiVersion!, input.Kind!, out var registration),
            $"{input}: no generated kind for {input.ApiVersion} {input.Kind}");

        var model = JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(input.Json.ToJsonString()), registration.TypeInfo);
        Assert.IsType(registration.Type, model);
        var written = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(model, registration.TypeInfo));

        var notes = new List<string>();
        var difference = JsonSemantics.Difference(input.Json, written, notes);
        Assert.True(difference is null, $"{input}: {difference}");
        output.WriteLine($"round-tripped {input} as {registration.Type.FullName}");
        foreach (var note in notes)
        {
            output.WriteLine("  " + note);
        }
    }

    [Fact]
    public void Every_corpus_object_is_a_generated_kind_or_a_known_custom_resource()
    {
        var all = Corpus.All().ToList();
        var unknown = all
            .Where(o => !CustomKinds.Contains($"{o.ApiVersion} {o.Kind}") && !KindRegistry.BuiltIn.TryGet(o.ApiVersion!, o.Kind!, out _))
            .Select(o => o.ToString())
            .ToList();
        Assert.Empty(unknown);
        var skipped = all.Where(o => CustomKinds.Contains($"{o.ApiVersion} {o.Kind}")).ToList();
        output.WriteLine($"{all.Count} corpus objects: {all.Count - skipped.Count} round-tripped by the theory above, {skipped.Count} custom resources skipped:");
        foreach (var obj in skipped)
        {
            output.WriteLine("  skipped " + obj);
        }
        Assert.True(all.Count - skipped.Count >= 90, "the corpus should hold at least 90 built-in objects");
    }
}
