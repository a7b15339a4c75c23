namespace Cluster.ApiServer.Apply;

/// <summary>
/// Makes every declared struct field that has children in a set also a member, so that removing the set's items
/// from an object removes those fields whole. The API server does this before pruning what an applier stopped
/// applying.
/// </summary>
internal static class NamedFieldMembers
{
    public static FieldSet Ensure(FieldSet set, ApplyType type)
    {
        if (set.IsEmpty)
        {
            return set;
        }

        var members = new List<PathElement>(set.Members);
        var children = new List<FieldSetChild>(set.Children.Count);
        foreach (var child in set.Children)
        {
            var childType = ApplyType.None;
            if (child.Element.Kind == PathElementKind.Field && type.AcceptsMap)
            {
                childType = type.Field(child.Element.FieldName);
                if (type.IsDeclaredField(child.Element.FieldName) && !set.HasMember(child.Element))
                {
                    members.Add(child.Element);
                }
            }
            else if (child.Element.Kind == PathElementKind.Key && type.AcceptsList)
            {
                childType = type.Items;
            }

            children.Add(new FieldSetChild(child.Element, Ensure(child.Set, childType)));
        }

        members.Sort();
        return FieldSet.Create([.. members], children);
    }
}
