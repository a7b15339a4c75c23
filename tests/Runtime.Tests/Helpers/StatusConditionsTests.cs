using Cluster.Api.Meta.V1;
using Cluster.Runtime.Conditions;

namespace Cluster.Runtime.Tests.Helpers;

public sealed class StatusConditionsTests
{
    private static readonly DateTimeOffset T1 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(5);

    [Fact]
    public void A_new_condition_is_added_with_the_transition_time_now()
    {
        var list = StatusConditions.Set(null, new Condition { Type = "Ready", Status = "True", Reason = "Up" }, T1);
        Assert.Equal(T1, Assert.Single(list).LastTransitionTime);
        Assert.True(StatusConditions.IsTrue(list, "Ready"));
    }

    [Fact]
    public void The_transition_time_moves_only_when_the_status_changes()
    {
        var list = StatusConditions.Set(null, new Condition { Type = "Ready", Status = "True", Reason = "Up" }, T1);
        list = StatusConditions.Set(list, new Condition { Type = "Ready", Status = "True", Reason = "StillUp", Message = "m" }, T2);
        Assert.Equal((T1, "StillUp"), (list[0].LastTransitionTime, list[0].Reason));
        list = StatusConditions.Set(list, new Condition { Type = "Ready", Status = "False", Reason = "Down" }, T2);
        Assert.Equal((T2, "False"), (list[0].LastTransitionTime, list[0].Status));
        Assert.True(StatusConditions.IsFalse(list, "Ready"));
    }

    [Fact]
    public void Conditions_of_other_types_are_kept_and_remove_drops_one_type()
    {
        var list = StatusConditions.Set(null, new Condition { Type = "A", Status = "True" }, T1);
        list = StatusConditions.Set(list, new Condition { Type = "B", Status = "False" }, T1);
        Assert.Equal(["A", "B"], list.Select(c => c.Type));
        Assert.Equal(["B"], StatusConditions.Remove(list, "A").Select(c => c.Type));
        Assert.Null(StatusConditions.Find(list, "C"));
    }
}
