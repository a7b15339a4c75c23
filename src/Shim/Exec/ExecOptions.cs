namespace Cluster.Shim.Exec;

/// <summary>The command line of <c>cluster-shim exec</c>.</summary>
internal sealed record ExecOptions(
    string Id, string Root, string Runc, bool Tty, bool Stdin, IReadOnlyList<string> Env, string? Cwd, IReadOnlyList<string> Command)
{
    public const string Usage =
        "usage: cluster-shim exec --id ID --root RUNC_ROOT [--runc PATH] [--tty] [--stdin] [--env K=V]... [--cwd DIR] -- CMD ARGS...";

    public static ExecOptions Parse(string[] args)
    {
        string? id = null, root = null, cwd = null;
        var runc = "/usr/sbin/runc";
        bool tty = false, stdin = false;
        List<string> env = [];
        string[] command = [];
        var reader = new ArgumentReader(args, 1);
        while (reader.NextOption() is { } option)
        {
            switch (option)
            {
                case "--id": id = reader.Value(option); break;
                case "--root": root = reader.Value(option); break;
                case "--runc": runc = reader.Value(option); break;
                case "--tty": tty = true; break;
                case "--stdin": stdin = true; break;
                case "--env":
                    var pair = reader.Value(option);
                    if (pair.IndexOf('=', StringComparison.Ordinal) <= 0) throw new UsageException($"--env: \"{pair}\" is not K=V");
                    env.Add(pair);
                    break;
                case "--cwd": cwd = reader.Value(option); break;
                case "--": command = reader.Rest(); break;
                default: throw new UsageException($"unknown option {option}");
            }
        }
        if (command.Length == 0) throw new UsageException("a command is required after --");
        return new ExecOptions(
            ArgumentReader.Required(id, "--id"), Path.GetFullPath(ArgumentReader.Required(root, "--root")), runc, tty, stdin, env, cwd, command);
    }
}
