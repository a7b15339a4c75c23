using System.Text.Json.Nodes;
using Cluster.ApiServer.Apply;
using static Cluster.ApiServer.Tests.Apply.ApplyFixtures;

namespace Cluster.ApiServer.Tests.Apply;

public sealed class FieldSetTests
{
    private static FieldSet Set(string fieldsV1) => FieldSet.FromFieldsV1(Parse(fieldsV1));

    private static string V1(FieldSet set) => Compact(set.ToFieldsV1());

    [Fact]
    public void Union_merges_members_and_children()
    {
        var union = Set("""{"f:a":{},"f:s":{"f:x":{}}}""").Union(Set("""{"f:b":{},"f:s":{".":{},"f:y":{}}}"""));

        Assert.Equal("""{"f:a":{},"f:b":{},"f:s":{".":{},"f:x":{},"f:y":{}}}""", V1(union));
    }

    [Fact]
    public void Intersection_keeps_common_paths_only()
    {
        var both = Set("""{"f:a":{},"f:s":{".":{},"f:x":{},"f:y":{}}}""").Intersection(Set("""{"f:s":{"f:y":{},"f:z":{}},"f:b":{}}"""));

        Assert.Equal("""{"f:s":{"f:y":{}}}""", V1(both));
    }

    [Fact]
    public void Difference_removes_paths_but_not_what_lies_below_a_removed_member()
    {
        var left = Set("""{"f:s":{".":{},"f:x":{},"f:y":{}}}""");
        var right = Set("""{"f:s":{"f:x":{}}}""").Union(FieldSet.Of(FieldPath.Of("s")));

        Assert.Equal("""{"f:s":{"f:y":{}}}""", V1(left.Difference(right)));
        Assert.True(left.RecursiveDifference(FieldSet.Of(FieldPath.Of("s"))).IsEmpty);
    }

    [Fact]
    public void Emptied_subtrees_disappear()
    {
        var difference = Set("""{"f:s":{"f:t":{"f:x":{}}}}""").Difference(Set("""{"f:s":{"f:t":{"f:x":{}}}}"""));

        Assert.True(difference.IsEmpty);
        Assert.Equal("{}", V1(difference));
    }

    [Fact]
    public void Paths_list_members_before_children()
    {
        var set = Set("""{"f:spec":{"f:template":{"f:x":{}},"f:replicas":{}},"f:a":{}}""");

        Assert.Equal([".a", ".spec.replicas", ".spec.template.x"], set.Paths.Select(path => path.ToString()));
    }

    [Fact]
    public void Sets_compare_by_content()
    {
        Assert.Equal(Set("""{"f:a":{},"f:b":{"f:c":{}}}"""), Set("""{"f:b":{"f:c":{}},"f:a":{}}"""));
        Assert.NotEqual(Set("""{"f:a":{}}"""), Set("""{"f:a":{"f:c":{}}}"""));
    }

    [Fact]
    public void Paths_added_in_any_order_and_more_than_once_build_the_same_sorted_set()
    {
        var paths = new List<FieldPath>();
        for (var i = 0; i < 40; i++)
        {
            paths.Add(FieldPath.Of("spec", $"f{i % 13}", $"g{i % 7}"));
            paths.Add(FieldPath.Of("spec", $"f{i % 13}"));
            paths.Add(new FieldPath([PathElement.Field("ports"), PathElement.Key(("port", i % 5))]));
        }

        var sorted = FieldSet.Of(paths.OrderBy(path => path.ToString(), StringComparer.Ordinal));
        var random = new Random(7);
        var shuffled = FieldSet.Of(paths.OrderBy(_ => random.Next()));
        // 80 and 80.0 are one key, as in structured-merge-diff.
        var withEqualKey = shuffled.Union(FieldSet.Of(new FieldPath([PathElement.Field("ports"), PathElement.Key(("port", JsonValue.Create(4.0)))])));

        Assert.Equal(sorted, shuffled);
        Assert.Equal(sorted, withEqualKey);
        Assert.Equal(sorted.Paths.Count(), sorted.Paths.Distinct().Count());
        Assert.Equal(V1(sorted), V1(FieldSet.FromFieldsV1(sorted.ToFieldsV1())));
    }
}
