using Cluster.Api.Meta.V1;
using Cluster.Runtime.Conditions;

namespace Cluster.Runtime.Tests.Conditions;

/// <summary>StatusConditions.Set as apimachinery's SetStatusCondition: when lastTransitionTime moves, and what else changes.</summary>
public sealed class ConditionTransitionTests
{
    private static readonly DateTimeOffset T1 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(5);
    private static readonly DateTimeOffset Given = T1.AddMinutes(2);

    private static readonly Condition Ready = new() { Type = "Ready", Status = "True", Reason = "Up", Message = "up", ObservedGeneration = 1, LastTransitionTime = T1 };

    public sealed record Transition(string Name, IReadOnlyList<Condition>? Before, Condition Set, Condition Expected)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Transition> Transitions => new()
    {
        new Transition("new type, no time given: now", null,
            new Condition { Type = "Ready", Status = "True" }, new Condition { Type = "Ready", Status = "True", LastTransitionTime = T2 }),
        new Transition("new type, time given: kept", [],
            new Condition { Type = "Ready", Status = "True", LastTransitionTime = Given }, new Condition { Type = "Ready", Status = "True", LastTransitionTime = Given }),
        new Transition("same status: time kept, the rest replaced", [Ready],
            new Condition { Type = "Ready", Status = "True", Reason = "StillUp", Message = "m", ObservedGeneration = 2 },
            new Condition { Type = "Ready", Status = "True", Reason = "StillUp", Message = "m", ObservedGeneration = 2, LastTransitionTime = T1 }),
        new Transition("same status, another time given: old time kept", [Ready],
            Ready with { LastTransitionTime = Given }, Ready),
        new Transition("status changes: now", [Ready],
            new Condition { Type = "Ready", Status = "False", Reason = "Down" }, new Condition { Type = "Ready", Status = "False", Reason = "Down", LastTransitionTime = T2 }),
        new Transition("status changes, time given: that time", [Ready],
            new Condition { Type = "Ready", Status = "Unknown", LastTransitionTime = Given }, new Condition { Type = "Ready", Status = "Unknown", LastTransitionTime = Given }),
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Set_moves_lastTransitionTime_only_when_the_status_changes(Transition t)
    {
        var after = StatusConditions.Set(t.Before, t.Set, T2);
        Assert.Equal(t.Expected, Assert.Single(after));
    }

    [Fact]
    public void Set_returns_a_new_list_and_leaves_the_given_one_and_the_order_of_types_alone()
    {
        IReadOnlyList<Condition> before = [Ready, new Condition { Type = "Progressing", Status = "True", LastTransitionTime = T1 }];
        var after = StatusConditions.Set(before, new Condition { Type = "Ready", Status = "False" }, T2);

        Assert.Equal(["Ready", "Progressing"], after.Select(c => c.Type));
        Assert.Equal(("False", "True"), (after[0].Status, after[1].Status));
        Assert.Same(Ready, before[0]);
        Assert.NotSame(before, after);
    }

    public static TheoryData<string?, bool, bool> States => new()
    {
        { "True", true, false },
        { "False", false, true },
        { "Unknown", false, false },
        { null, false, false }, // no such condition
    };

    [Theory]
    [MemberData(nameof(States))]
    public void IsTrue_and_IsFalse_need_that_exact_status(string? status, bool isTrue, bool isFalse)
    {
        IReadOnlyList<Condition> list = status is null ? [] : [new Condition { Type = "Ready", Status = status }];
        Assert.Equal((isTrue, isFalse), (StatusConditions.IsTrue(list, "Ready"), StatusConditions.IsFalse(list, "Ready")));
    }

    [Fact]
    public void Find_and_Remove_work_on_missing_lists_and_types()
    {
        Assert.Null(StatusConditions.Find(null, "Ready"));
        Assert.Empty(StatusConditions.Remove(null, "Ready"));
        IReadOnlyList<Condition> list = [Ready];
        Assert.Same(Ready, StatusConditions.Find(list, "Ready"));
        Assert.Equal([Ready], StatusConditions.Remove(list, "Other"));
        Assert.Empty(StatusConditions.Remove(list, "Ready"));
        Assert.Single(list);
    }
}
