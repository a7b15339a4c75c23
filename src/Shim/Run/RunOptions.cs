namespace Cluster.Shim.Run;

/// <summary>The command line of <c>cluster-shim run</c>.</summary>
internal sealed record RunOptions(
    string Id, string Bundle, string Root, string Log, string ExitFile, string Runc, bool Stdin, bool Tty, long LogMaxSize, int LogMaxFiles)
{
    public const string Usage =
        "usage: cluster-shim run --id ID --bundle DIR --root RUNC_ROOT --log LOGFILE --exit-file FILE\n" +
        "                        [--runc /usr/sbin/runc] [--stdin] [--tty] [--log-max-size BYTES (10Mi)] [--log-max-files N (5)]";

    public static RunOptions Parse(string[] args)
    {
        string? id = null, bundle = null, root = null, log = null, exitFile = null;
        var runc = "/usr/sbin/runc";
        bool stdin = false, tty = false;
        long maxSize = 10 << 20;
        var maxFiles = 5;
        var reader = new ArgumentReader(args, 1);
        while (reader.NextOption() is { } option)
        {
            switch (option)
            {
                case "--id": id = reader.Value(option); break;
                case "--bundle": bundle = reader.Value(option); break;
                case "--root": root = reader.Value(option); break;
                case "--log": log = reader.Value(option); break;
                case "--exit-file": exitFile = reader.Value(option); break;
                case "--runc": runc = reader.Value(option); break;
                case "--stdin": stdin = true; break;
                case "--tty": tty = true; break;
                case "--log-max-size": maxSize = reader.Size(option); break;
                case "--log-max-files": maxFiles = reader.Count(option); break;
                default: throw new UsageException($"unknown option {option}");
            }
        }
        return new RunOptions(
            ArgumentReader.Required(id, "--id"), Path.GetFullPath(ArgumentReader.Required(bundle, "--bundle")),
            Path.GetFullPath(ArgumentReader.Required(root, "--root")), Path.GetFullPath(ArgumentReader.Required(log, "--log")),
            Path.GetFullPath(ArgumentReader.Required(exitFile, "--exit-file")), runc, stdin, tty, maxSize, maxFiles);
    }
}
