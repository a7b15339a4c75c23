namespace Cluster.Api.Security;

/// <summary>Writes files only their owner may read (keys, tokens, kubeconfigs), atomically via a temporary file.</summary>
public static class PrivateFile
{
    public static void Write(string path, string content)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }
        File.Move(temp, path, overwrite: true);
    }
}
