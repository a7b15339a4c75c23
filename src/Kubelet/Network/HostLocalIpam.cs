using System.Net;

namespace Cluster.Kubelet.Network;

/// <summary>
/// Pod addresses of one CIDR, kept like CNI's host-local plugin: one file per allocated address in
/// <see cref="Directory"/> (named by the address, holding the sandbox id), created with CreateNew so no address is handed
/// out twice even by two processes (see <see cref="TryClaim"/>), and a cursor file so a released address is not reused before the others.
/// The network address, the gateway (first host) and the broadcast address are never handed out.
/// Thread-safe; the files are the truth and are read once at construction, so allocations survive an agent restart.
/// </summary>
public sealed class HostLocalIpam
{
    private const string CursorFile = "last_reserved_ip";

    private readonly Lock _gate = new();                                    // guards _bySandbox, _taken and the files
    private readonly Dictionary<string, uint> _bySandbox = new(StringComparer.Ordinal);
    private readonly HashSet<uint> _taken = [];

    public HostLocalIpam(Ipv4Cidr range, string directory)
    {
        Range = range;
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Load();
    }

    public Ipv4Cidr Range { get; }

    public string Directory { get; }

    /// <summary>The sandboxes holding addresses, as read from disk and changed since.</summary>
    public IReadOnlyDictionary<string, IPAddress> Allocations
    {
        get
        {
            lock (_gate) return _bySandbox.ToDictionary(e => e.Key, e => Ipv4Cidr.ToAddress(e.Value), StringComparer.Ordinal);
        }
    }

    /// <summary>The address <paramref name="sandboxId"/> holds, or a new one: the next free one after the last handed out, wrapping.</summary>
    /// <exception cref="PodAddressesExhaustedException">Every pod address is held.</exception>
    public IPAddress Allocate(string sandboxId)
    {
        ValidateId(sandboxId);
        lock (_gate)
        {
            if (_bySandbox.TryGetValue(sandboxId, out var held)) return Ipv4Cidr.ToAddress(held);
            var count = Range.PodAddressCount;
            var start = ReadCursor() is { } last && last >= Range.FirstPodNumber && last < Range.LastPodNumber ? last + 1 : Range.FirstPodNumber;
            for (var i = 0; i < count; i++)
            {
                var candidate = Range.FirstPodNumber + (uint)((start - Range.FirstPodNumber + i) % count);
                if (_taken.Contains(candidate) || !TryClaim(candidate, sandboxId)) continue;
                _bySandbox[sandboxId] = candidate;
                _taken.Add(candidate);
                WriteCursor(candidate);
                return Ipv4Cidr.ToAddress(candidate);
            }
            throw new PodAddressesExhaustedException(Range, count);
        }
    }

    public IPAddress? AddressOf(string sandboxId)
    {
        lock (_gate) return _bySandbox.TryGetValue(sandboxId, out var held) ? Ipv4Cidr.ToAddress(held) : null;
    }

    /// <summary>Frees the address <paramref name="sandboxId"/> holds; false when it holds none.</summary>
    public bool Release(string sandboxId)
    {
        lock (_gate)
        {
            if (!_bySandbox.Remove(sandboxId, out var held)) return false;
            _taken.Remove(held);
            var path = PathOf(held);
            // Only our own claim is removed: a file rewritten by someone else is theirs.
            if (File.Exists(path) && ReadOwner(path) == sandboxId) File.Delete(path);
            return true;
        }
    }

    /// <summary>
    /// Claims an address file with its content in one step: the id is written to a private temp file, which is then
    /// hard-linked to the address's name (link(2) fails if that name exists), so no reader ever sees an empty claim.
    /// </summary>
    private bool TryClaim(uint candidate, string sandboxId)
    {
        var path = PathOf(candidate);
        var temp = TempPath();
        File.WriteAllText(temp, sandboxId);
        try
        {
            NativeFs.HardLink(temp, path);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;                                                   // claimed by another process sharing the directory
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private void Load()
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            if (!IPAddress.TryParse(Path.GetFileName(path), out var address) || !Range.Contains(address)) continue;
            var number = Ipv4Cidr.ToNumber(address);
            var owner = ReadOwner(path);
            _taken.Add(number);                                             // an address file without an owner is not ours to reuse
            if (owner.Length == 0) continue;
            if (!_bySandbox.TryGetValue(owner, out var other) || number < other) _bySandbox[owner] = number;
        }
    }

    private uint? ReadCursor()
    {
        var path = Path.Combine(Directory, CursorFile);
        return File.Exists(path) && IPAddress.TryParse(File.ReadAllText(path).Trim(), out var last) && Range.Contains(last)
            ? Ipv4Cidr.ToNumber(last)
            : null;
    }

    private void WriteCursor(uint number)
    {
        var path = Path.Combine(Directory, CursorFile);
        var temp = TempPath();
        File.WriteAllText(temp, Ipv4Cidr.ToAddress(number).ToString());
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A temp file no other writer uses (its name is no address, so <see cref="Load"/> passes it by).</summary>
    private string TempPath() => Path.Combine(Directory, $".tmp-{Guid.NewGuid():N}");

    private string PathOf(uint number) => Path.Combine(Directory, Ipv4Cidr.ToAddress(number).ToString());

    private static string ReadOwner(string path) => File.ReadAllText(path).Trim();

    private static void ValidateId(string sandboxId) => SandboxIds.Validate(sandboxId, "sandbox id");
}
