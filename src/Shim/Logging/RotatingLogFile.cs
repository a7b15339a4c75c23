namespace Cluster.Shim.Logging;

/// <summary>
/// An append-only log file that is rotated when it grows past a size: <c>LOG</c> becomes <c>LOG.1</c>, older ones
/// shift up, at most <c>maxFiles - 1</c> rotated files are kept, and writing goes on in a fresh <c>LOG</c>. Every
/// write reaches the kernel at once (no user-space buffer), so a reader following the file sees it promptly.
/// Write errors (a full disk) are swallowed: the shim must go on reaping the container. Not thread-safe; the
/// caller serialises writes.
/// </summary>
internal sealed class RotatingLogFile(string path, long maxSize, int maxFiles) : IDisposable
{
    private FileStream? file;
    private long size;

    public void Write(ReadOnlySpan<byte> record)
    {
        try
        {
            var stream = Open();
            stream.Write(record);
            size += record.Length;
            if (size > maxSize) Rotate();
        }
        catch (IOException)
        {
            // Dropped: see the class comment.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public void Dispose() => file?.Dispose();

    private FileStream Open()
    {
        if (file is not null) return file;
        file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        size = file.Length;
        return file;
    }

    private void Rotate()
    {
        file?.Dispose();
        file = null;
        if (maxFiles <= 1)
        {
            File.Delete(path);
            return;
        }
        File.Delete($"{path}.{maxFiles - 1}");
        for (var i = maxFiles - 2; i >= 1; i--)
        {
            if (File.Exists($"{path}.{i}")) File.Move($"{path}.{i}", $"{path}.{i + 1}", overwrite: true);
        }
        File.Move(path, $"{path}.1", overwrite: true);
    }
}
