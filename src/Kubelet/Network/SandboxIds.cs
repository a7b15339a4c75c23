namespace Cluster.Kubelet.Network;

/// <summary>The names this component takes from its callers and puts in file names, ip commands and rule comments.</summary>
internal static class SandboxIds
{
    /// <summary>Sandbox ids and netns names: letters, digits, '.', '_' and '-', not starting with '.', at most 200 characters.</summary>
    public static void Validate(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 200 || value[0] == '.'
            || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw new ArgumentException($"\"{value}\" is not a valid {what} (letters, digits, '.', '_', '-')", what);
    }
}
