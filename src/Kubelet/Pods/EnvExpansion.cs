using System.Text;

namespace Cluster.Kubelet.Pods;

/// <summary>
/// Kubernetes' <c>$(VAR)</c> expansion in env values, command and args: <c>$(NAME)</c> becomes the variable's value when
/// it is defined and stays as written when not; <c>$$</c> is an escaped <c>$</c>; a <c>$</c> before anything else, and
/// an unclosed <c>$(</c>, stay as written.
/// </summary>
public static class EnvExpansion
{
    public static string Expand(string input, Func<string, string?> lookup)
    {
        if (!input.Contains('$', StringComparison.Ordinal)) return input;
        var output = new StringBuilder(input.Length);
        var i = 0;
        while (i < input.Length)
        {
            var c = input[i];
            if (c != '$' || i + 1 >= input.Length)
            {
                output.Append(c);
                i++;
                continue;
            }

            var next = input[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (next == '(' && input.IndexOf(')', i + 2) is var close and >= 0)
            {
                var name = input[(i + 2)..close];
                output.Append(name.Length > 0 && lookup(name) is { } value ? value : input[i..(close + 1)]);
                i = close + 1;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }

        return output.ToString();
    }
}
