using System.Globalization;
using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>
/// Node selector terms as upstream matches them: a node matches a term when every matchExpression (In, NotIn,
/// Exists, DoesNotExist, Gt, Lt on labels) and every matchField (metadata.name In/NotIn) holds; an empty term
/// matches nothing.
/// </summary>
public static class NodeSelectorMatch
{
    public static bool Term(NodeSelectorTerm term, string nodeName, IReadOnlyDictionary<string, string>? labels)
    {
        var expressions = term.MatchExpressions ?? [];
        var fields = term.MatchFields ?? [];
        if (expressions.Count == 0 && fields.Count == 0) return false;
        for (var i = 0; i < expressions.Count; i++)
        {
            var e = expressions[i];
            string? value = null;
            var has = labels is not null && labels.TryGetValue(e.Key ?? "", out value);
            if (!Requirement(e.Operator, e.Values, has, value)) return false;
        }
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            if (f.Key != "metadata.name" || !Requirement(f.Operator, f.Values, true, nodeName)) return false;
        }
        return true;
    }

    /// <summary>Any of the terms (they are ORed).</summary>
    public static bool AnyTerm(IReadOnlyList<NodeSelectorTerm> terms, string nodeName, IReadOnlyDictionary<string, string>? labels)
    {
        for (var i = 0; i < terms.Count; i++)
            if (Term(terms[i], nodeName, labels)) return true;
        return false;
    }

    private static bool Requirement(string? op, IReadOnlyList<string>? values, bool has, string? value) => op switch
    {
        "In" => has && Contains(values, value),
        "NotIn" => !has || !Contains(values, value),
        "Exists" => has,
        "DoesNotExist" => !has,
        "Gt" => has && Compare(value, values) is > 0,
        "Lt" => has && Compare(value, values) is < 0,
        _ => false,
    };

    private static bool Contains(IReadOnlyList<string>? values, string? value)
    {
        if (values is null) return false;
        for (var i = 0; i < values.Count; i++)
            if (values[i] == value) return true;
        return false;
    }

    private static int? Compare(string? value, IReadOnlyList<string>? values)
    {
        if (values is not [var bound]) return null;
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)) return null;
        if (!long.TryParse(bound, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit)) return null;
        return actual.CompareTo(limit);
    }
}
