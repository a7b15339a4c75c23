using Cluster.Api.Selectors;
using ModelSelector = Cluster.Api.Meta.V1.LabelSelector;

namespace Cluster.Controllers.Common;

/// <summary>metav1.LabelSelector to a matcher, as upstream's LabelSelectorAsSelector: null matches nothing, empty everything.</summary>
public static class LabelSelectors
{
    /// <exception cref="SelectorParseException">An unknown operator or an invalid key or value (the API server validates, so rare).</exception>
    public static LabelSelector From(ModelSelector? selector)
    {
        if (selector is null) return LabelSelector.Nothing;
        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
            requirements.Add(LabelRequirement.Create(key, LabelOperator.Equal, [value]));
        foreach (var e in selector.MatchExpressions ?? [])
        {
            var op = e.Operator switch
            {
                "In" => LabelOperator.In,
                "NotIn" => LabelOperator.NotIn,
                "Exists" => LabelOperator.Exists,
                "DoesNotExist" => LabelOperator.DoesNotExist,
                _ => throw new SelectorParseException($"{e.Operator} is not a valid label selector operator"),
            };
            requirements.Add(LabelRequirement.Create(e.Key ?? "", op, e.Values ?? []));
        }
        return LabelSelector.FromRequirements(requirements);
    }

    /// <summary>The selector, or Nothing when it cannot be parsed (a controller then owns no pods rather than failing).</summary>
    public static LabelSelector FromOrNothing(ModelSelector? selector)
    {
        try
        {
            return From(selector);
        }
        catch (SelectorParseException)
        {
            return LabelSelector.Nothing;
        }
    }
}
