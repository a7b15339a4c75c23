using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;

namespace Cluster.Kubelet.Images;

/// <summary>
/// The node's content-addressed image store under one root directory (the kubelet passes
/// <c>&lt;data-dir&gt;/agent/images</c>):
/// <list type="bullet">
/// <item><c>blobs/sha256/&lt;hex&gt;</c>: manifests, configs and layers, each written to a temp file while its
/// sha256 is computed, and renamed into place only when the digest matches;</item>
/// <item><c>rootfs/&lt;config hex&gt;</c>: each image's layers unpacked once into one flattened tree shared by every
/// pod, built in <c>tmp/</c> and renamed into place, so a crash never leaves a partial tree under that name;</item>
/// <item><c>images.json</c>: the image records (names, digests, config, size, last use), replaced atomically.</item>
/// </list>
/// Lookups are in memory; nothing is re-hashed when an image already present is asked for. Thread-safe.
/// </summary>
public sealed class ImageStore : IDisposable
{
    private static readonly TimeSpan LastUsedPersistInterval = TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new(); // guards _images, _persistedLastUsed
    private readonly Dictionary<string, ImageRecord> _images = new(StringComparer.Ordinal); // by Id
    private readonly Dictionary<string, DateTimeOffset> _persistedLastUsed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _unpacking = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _saveGate = new(1, 1);
    private readonly TimeProvider _time;
    private int _writers; // pulls and imports under way: their blobs are not referenced by a record yet

    private readonly FileStream _lockFile;

    private ImageStore(string root, TimeProvider time, FileStream lockFile)
    {
        Root = root;
        _time = time;
        _lockFile = lockFile;
    }

    public string Root { get; }

    private string BlobDir => Path.Combine(Root, "blobs", "sha256");
    private string RootfsDir => Path.Combine(Root, "rootfs");
    private string TempDir => Path.Combine(Root, "tmp");
    private string IndexPath => Path.Combine(Root, "images.json");

    /// <summary>Opens (creating if needed) the store at <paramref name="root"/>, clearing what a crash left in tmp/.</summary>
    public static async Task<ImageStore> OpenAsync(string root, TimeProvider? time = null, CancellationToken ct = default)
    {
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        var store = new ImageStore(root, time ?? TimeProvider.System, Lock(root));
        try
        {
            await store.LoadAsync(ct);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var store = this;
        Directory.CreateDirectory(store.BlobDir);
        Directory.CreateDirectory(store.RootfsDir);
        if (Directory.Exists(store.TempDir)) Directory.Delete(store.TempDir, recursive: true);
        Directory.CreateDirectory(store.TempDir);
        if (File.Exists(store.IndexPath))
        {
            await using var file = File.OpenRead(store.IndexPath);
            var stored = await JsonSerializer.DeserializeAsync(file, ImagesJsonContext.Default.StoredImages, ct) ?? new StoredImages();
            foreach (var image in stored.Images)
            {
                store._images[image.Id] = image;
                store._persistedLastUsed[image.Id] = image.LastUsed;
            }
        }
    }

    public void Dispose()
    {
        _lockFile.Dispose();
        _saveGate.Dispose();
    }

    /// <summary>
    /// Takes the store's lock file (an exclusive flock): two processes on one store would clear each other's temp
    /// files and lose each other's index updates.
    /// </summary>
    private static FileStream Lock(string root)
    {
        try
        {
            return new FileStream(Path.Combine(root, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"image store {root} is in use by another process (a running agent?)", e);
        }
    }

    // ---- blobs ----

    public string BlobPath(string digest) => Path.Combine(BlobDir, ContentDigest.Hex(digest));

    public bool HasBlob(string digest) => File.Exists(BlobPath(digest));

    public FileStream OpenBlob(string digest) =>
        new(BlobPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);

    public async Task<byte[]> ReadBlobAsync(string digest, CancellationToken ct) => await File.ReadAllBytesAsync(BlobPath(digest), ct);

    /// <summary>
    /// Streams <paramref name="content"/> into the store under <paramref name="digest"/>. The bytes are hashed on the
    /// way; a digest or size mismatch throws <see cref="BlobVerificationException"/> and stores nothing.
    /// </summary>
    public async Task WriteBlobAsync(string digest, Stream content, long? expectedSize, CancellationToken ct)
    {
        string final = BlobPath(digest);
        if (File.Exists(final)) return;
        string temp = TempPath();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    size += read;
                    if (expectedSize is { } max && size > max) throw new BlobVerificationException(digest, $"more than the {max} bytes its descriptor declares");
                }
                file.Flush(flushToDisk: true);
            }
            string actual = ContentDigest.FromHash(hash.GetHashAndReset());
            if (actual != digest) throw new BlobVerificationException(digest, $"content hashes to {actual}");
            if (expectedSize is { } expected && size != expected) throw new BlobVerificationException(digest, $"{size} bytes, its descriptor declares {expected}");
            File.Move(temp, final, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task WriteBlobAsync(string digest, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await WriteBlobAsync(digest, stream, content.Length, ct);
    }

    /// <summary>Every blob digest present.</summary>
    public IEnumerable<string> ListBlobs() =>
        Directory.EnumerateFiles(BlobDir).Select(p => ContentDigest.Sha256Prefix + Path.GetFileName(p)).Where(ContentDigest.IsValid);

    public void DeleteBlob(string digest) => File.Delete(BlobPath(digest));

    public long BlobSize(string digest) => new FileInfo(BlobPath(digest)).Length;

    // ---- image records ----

    public IReadOnlyList<ImageRecord> List()
    {
        lock (_lock) return _images.Values.OrderBy(i => i.Id, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The image a name (<c>registry/repo:tag</c>) or digest reference points at, if present.</summary>
    public ImageRecord? Find(ImageReference reference)
    {
        lock (_lock)
        {
            if (reference.Digest is { } digest)
                return _images.Values.FirstOrDefault(i => (i.Digest == digest || i.ManifestDigest == digest) && i.Names.Any(n => SameRepository(n, reference)))
                    ?? _images.Values.FirstOrDefault(i => i.Digest == digest || i.ManifestDigest == digest);
            string name = reference.ToString();
            return _images.Values.FirstOrDefault(i => i.Names.Contains(name, StringComparer.Ordinal));
        }
    }

    public ImageRecord? FindById(string id)
    {
        lock (_lock) return _images.GetValueOrDefault(id);
    }

    /// <summary>
    /// Adds or updates an image and points <paramref name="name"/> at it (taking the name from any other image that
    /// had it, as a re-pushed tag moves). Persists the index.
    /// </summary>
    public async Task<ImageRecord> PutAsync(ImageRecord image, string? name, CancellationToken ct)
    {
        ImageRecord stored;
        lock (_lock)
        {
            if (name is not null)
            {
                foreach (var other in _images.Values.Where(i => i.Id != image.Id && i.Names.Contains(name)).ToArray())
                    _images[other.Id] = other with { Names = other.Names.Where(n => n != name).ToArray() };
            }
            var names = (_images.GetValueOrDefault(image.Id)?.Names ?? []).Concat(image.Names);
            if (name is not null) names = names.Append(name);
            stored = image with { Names = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), LastUsed = _time.GetUtcNow() };
            _images[image.Id] = stored;
            _persistedLastUsed[image.Id] = stored.LastUsed;
        }
        await SaveAsync(ct);
        return stored;
    }

    /// <summary>Records a use of the image (for garbage collection); persisted at most once a minute per image.</summary>
    public async ValueTask TouchAsync(string id, CancellationToken ct)
    {
        bool persist;
        lock (_lock)
        {
            if (!_images.TryGetValue(id, out var image)) return;
            var now = _time.GetUtcNow();
            _images[id] = image with { LastUsed = now };
            persist = now - _persistedLastUsed.GetValueOrDefault(id) >= LastUsedPersistInterval;
            if (persist) _persistedLastUsed[id] = now;
        }
        if (persist) await SaveAsync(ct);
    }

    /// <summary>Removes an image's record and its unpacked root file system (blobs go with <see cref="PruneBlobs"/>).</summary>
    public async Task RemoveAsync(string id, CancellationToken ct)
    {
        lock (_lock)
        {
            if (!_images.Remove(id)) return;
            _persistedLastUsed.Remove(id);
        }
        await SaveAsync(ct);
        string rootfs = RootfsPath(id);
        if (Directory.Exists(rootfs))
        {
            // Rename first, so a crash mid-delete never leaves a partial tree under the complete name.
            string doomed = TempPath();
            Directory.Move(rootfs, doomed);
            Directory.Delete(doomed, recursive: true);
        }
    }

    /// <summary>
    /// Marks a pull or import under way until disposed; <see cref="PruneBlobs"/> leaves blobs alone meanwhile, since
    /// the blobs it has written are referenced only once its record is put.
    /// </summary>
    public IDisposable BeginWrite()
    {
        Interlocked.Increment(ref _writers);
        return new WriteScope(this);
    }

    private sealed class WriteScope(ImageStore store) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref store._writers);
        }
    }

    /// <summary>Deletes blobs no image record refers to; returns the bytes freed (0 while a pull or import is under way).</summary>
    public long PruneBlobs()
    {
        if (Volatile.Read(ref _writers) > 0) return 0;
        HashSet<string> referenced;
        lock (_lock) referenced = _images.Values.SelectMany(i => i.Layers.Append(i.Id).Append(i.Digest).Append(i.ManifestDigest)).ToHashSet(StringComparer.Ordinal);
        long freed = 0;
        foreach (string digest in ListBlobs().ToArray())
        {
            if (referenced.Contains(digest)) continue;
            freed += BlobSize(digest);
            DeleteBlob(digest);
        }
        return freed;
    }

    // ---- root file systems ----

    public string RootfsPath(string imageId) => Path.Combine(RootfsDir, ContentDigest.Hex(imageId));

    /// <summary>
    /// The image's flattened root file system, unpacking its layers the first time (concurrent callers share one
    /// unpack). Later calls are a directory-exists check.
    /// </summary>
    public async Task<string> EnsureRootfsAsync(ImageRecord image, CancellationToken ct)
    {
        string path = RootfsPath(image.Id);
        if (Directory.Exists(path)) return path;
        // The entry removes itself when the unpack ends, so a failed unpack is retried by the next caller.
        var unpack = _unpacking.GetOrAdd(image.Id, _ => new Lazy<Task<string>>(() => UnpackAndForgetAsync(image, path)));
        return await unpack.Value.WaitAsync(ct);
    }

    private async Task<string> UnpackAndForgetAsync(ImageRecord image, string path)
    {
        await Task.Yield(); // GetOrAdd has stored the entry before the finally below can remove it
        try
        {
            return await UnpackAsync(image, path);
        }
        finally
        {
            _unpacking.TryRemove(image.Id, out _);
        }
    }

    private async Task<string> UnpackAsync(ImageRecord image, string path)
    {
        if (Directory.Exists(path)) return path;
        string temp = TempPath();
        Directory.CreateDirectory(temp);
        try
        {
            NativeFs.SetMode(temp, (UnixFileMode)0b111_101_101);
            var diffIds = await DiffIdsAsync(image);
            for (int i = 0; i < image.Layers.Count; i++)
            {
                await using var blob = OpenBlob(image.Layers[i]);
                await LayerUnpacker.ApplyAsync(blob, temp, CancellationToken.None, diffIds?[i]);
            }
            Directory.Move(temp, path);
            return path;
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>The config's diff_ids when they match the layers one for one (they always do in a valid image).</summary>
    private async Task<IReadOnlyList<string>?> DiffIdsAsync(ImageRecord image)
    {
        if (!HasBlob(image.Id)) return null;
        var config = System.Text.Json.JsonSerializer.Deserialize(await ReadBlobAsync(image.Id, CancellationToken.None), ImagesJsonContext.Default.ImageConfigFile);
        var diffIds = config?.Rootfs?.DiffIds;
        if (diffIds is null || diffIds.Count == 0) return null;
        if (diffIds.Count != image.Layers.Count)
            throw new InvalidDataException($"image config lists {diffIds.Count} diff_ids for {image.Layers.Count} layers");
        return diffIds;
    }

    private string TempPath() => Path.Combine(TempDir, Guid.NewGuid().ToString("N"));

    private async Task SaveAsync(CancellationToken ct)
    {
        await _saveGate.WaitAsync(ct);
        try
        {
            StoredImages snapshot;
            lock (_lock) snapshot = new StoredImages { Images = _images.Values.OrderBy(i => i.Id, StringComparer.Ordinal).ToArray() };
            string temp = TempPath();
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                await JsonSerializer.SerializeAsync(file, snapshot, ImagesJsonContext.Default.StoredImages, CancellationToken.None);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, IndexPath, overwrite: true);
        }
        finally
        {
            _saveGate.Release();
        }
    }

    private static bool SameRepository(string name, ImageReference reference) =>
        ImageReference.TryParse(name, out var parsed, out _) && parsed.Name == reference.Name;
}

/// <summary>A blob's bytes did not match its digest or declared size; nothing was stored.</summary>
public sealed class BlobVerificationException(string digest, string detail)
    : IOException($"blob {digest} failed verification: {detail}")
{
    public string Digest { get; } = digest;
}
