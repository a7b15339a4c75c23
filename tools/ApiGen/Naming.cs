using System.Text;

namespace Cluster.ApiGen;

/// <summary>
/// C# member names for JSON property names: leading '$' dropped, '-'-separated words joined in PascalCase
/// ("x-kubernetes-list-type" becomes XKubernetesListType, "$ref" becomes Ref). A member that would take its
/// record's own name (C# forbids it: Status.status, ContainerPort.containerPort) gets the suffix "Value".
/// </summary>
internal static class Naming
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "Info", "JsonTypeInfo", "ModelJsonConverter", "EqualityContract", "Equals", "GetHashCode", "ToString", "Deconstruct", "PrintMembers", "GetType",
    };

    public static string PropertyName(string jsonName, string recordName)
    {
        var builder = new StringBuilder(jsonName.Length);
        foreach (var word in jsonName.TrimStart('$').Split('-', StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        }
        var name = builder.ToString();
        if (name.Length == 0 || !char.IsLetter(name[0]) || !name.All(char.IsLetterOrDigit))
        {
            throw new InvalidOperationException($"{recordName}.{jsonName}: no C# name for this property");
        }
        if (Reserved.Contains(name))
        {
            throw new InvalidOperationException($"{recordName}.{jsonName}: {name} clashes with a generated member");
        }
        return name == recordName ? name + "Value" : name;
    }
}
