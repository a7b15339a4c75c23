using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Strategies;

public class CorpusTests
{
    public static TheoryData<string> CoveredObjects()
    {
        var data = new TheoryData<string>();
        foreach (var (name, kind, _) in CorpusManifests.Objects())
        {
            if (Harness.StrategyFor(kind) is not null)
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CoveredObjects))]
    public void Every_corpus_object_of_a_covered_kind_is_created_without_causes(string name)
    {
        var obj = CorpusManifests.Objects().Single(o => o.Name == name).Object;
        var causes = Harness.Create(obj);
        Assert.True(causes.Count == 0, string.Join("\n", Harness.Lines(causes)));
    }

    [Theory]
    [MemberData(nameof(CoveredObjects))]
    public void Defaulting_a_corpus_object_twice_changes_nothing_the_second_time(string name)
    {
        var obj = CorpusManifests.Objects().Single(o => o.Name == name).Object;
        Harness.Create(obj);
        var once = obj.ToJsonString();
        Harness.StrategyFor(obj["kind"]!.GetValue<string>())!.Default(obj);
        Assert.Equal(once, obj.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(CoveredObjects))]
    public void Updating_a_created_corpus_object_with_itself_is_valid(string name)
    {
        var obj = CorpusManifests.Objects().Single(o => o.Name == name).Object;
        Harness.Create(obj);
        var old = (JsonObject)obj.DeepClone();
        var causes = Harness.Update(obj, old);
        Assert.True(causes.Count == 0, string.Join("\n", Harness.Lines(causes)));
    }

    [Fact]
    public void The_corpus_covers_most_kinds_with_strategies()
    {
        var covered = CorpusManifests.Objects().Where(o => Harness.StrategyFor(o.Kind) is not null).Select(o => o.Kind).ToHashSet();
        Assert.Superset(new HashSet<string> { "Pod", "Deployment", "Service", "Job", "CronJob", "StatefulSet", "DaemonSet", "Secret", "ConfigMap" }, covered);
    }
}
