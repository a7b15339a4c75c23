using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Conditions;

/// <summary>
/// Helpers for <c>status.conditions</c> lists of meta/v1 Conditions, as apimachinery's meta.SetStatusCondition:
/// pure functions returning new lists, so they fit immutable status records.
/// </summary>
public static class StatusConditions
{
    /// <summary>
    /// The list with <paramref name="condition"/> set: added if its type is new, otherwise replacing reason, message and
    /// observedGeneration. lastTransitionTime moves to <paramref name="now"/> only when the status changes (or the
    /// condition is new and carries none).
    /// </summary>
    public static IReadOnlyList<Condition> Set(IReadOnlyList<Condition>? conditions, Condition condition, DateTimeOffset now)
    {
        var list = conditions?.ToList() ?? [];
        var at = list.FindIndex(c => c.Type == condition.Type);
        if (at < 0)
        {
            list.Add(condition with { LastTransitionTime = condition.LastTransitionTime ?? now });
            return list;
        }
        var existing = list[at];
        list[at] = condition with
        {
            LastTransitionTime = existing.Status == condition.Status ? existing.LastTransitionTime : condition.LastTransitionTime ?? now,
        };
        return list;
    }

    public static Condition? Find(IReadOnlyList<Condition>? conditions, string type) => conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(IReadOnlyList<Condition>? conditions, string type) => Find(conditions, type)?.Status == "True";

    public static bool IsFalse(IReadOnlyList<Condition>? conditions, string type) => Find(conditions, type)?.Status == "False";

    public static IReadOnlyList<Condition> Remove(IReadOnlyList<Condition>? conditions, string type) =>
        conditions is null ? [] : [.. conditions.Where(c => c.Type != type)];
}
