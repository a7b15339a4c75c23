using System.Text;
using Cluster.Shim;
using Cluster.Shim.Exec;
using Cluster.Shim.Native;
using Cluster.Shim.Run;

// cluster-shim: the per-container process between runc and the kubelet. See ARCHITECTURE.md.
const string Usage = RunOptions.Usage + "\n" + ExecOptions.Usage;
var mode = args.Length > 0 ? args[0] : "";
try
{
    return mode switch
    {
        "run" => RunCommand.Execute(RunOptions.Parse(args)),
        "exec" => ExecCommand.Execute(ExecOptions.Parse(args)),
        _ => throw new UsageException(mode.Length == 0 ? "a command is required" : $"unknown command \"{mode}\""),
    };
}
catch (UsageException e)
{
    Fd.WriteAll(2, Encoding.UTF8.GetBytes($"cluster-shim: {e.Message}\n{Usage}\n"));
    if (mode == "run") Fd.WriteAll(1, Encoding.UTF8.GetBytes($"failed {e.Message}\n"));
    return 2;
}
catch (Exception e) when (mode == "run")
{
    // Before "started" this is the one line the kubelet reads; after it, stdout is /dev/null and nothing is lost.
    RunCommand.Report($"failed {e.Message.ReplaceLineEndings(" ")}");
    return 1;
}
