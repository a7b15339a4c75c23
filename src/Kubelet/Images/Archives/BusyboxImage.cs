using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cluster.Kubelet.Images.Archives;

/// <summary>
/// Builds a small single-layer test image from a static busybox binary (Debian's <c>busybox-static</c>):
/// <c>/bin/busybox</c> with a symlink per applet, <c>/etc/passwd</c> and <c>/etc/group</c> with root and nobody,
/// <c>/tmp</c>, and a config running <c>sh</c> with a standard PATH. Deterministic: the same binary gives the same
/// digests.
/// </summary>
public static class BusyboxImage
{
    public const string DefaultBusybox = "/bin/busybox";
    private const string Path = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Used when `busybox --list` cannot be run; every Debian busybox-static has these.
    private static readonly string[] FallbackApplets =
    [
        "sh", "ash", "ls", "cat", "echo", "sleep", "wget", "httpd", "dd", "env", "id", "hostname", "ip", "nc", "ps", "mkdir", "rm",
        "cp", "mv", "ln", "true", "false", "test", "[", "grep", "sed", "awk", "head", "tail", "touch", "date", "printf", "kill",
        "pwd", "uname", "whoami", "sort", "uniq", "wc", "tr", "cut", "find", "xargs", "chmod", "chown", "df", "du", "mount",
        "umount", "ping", "nslookup", "vi", "tee", "seq", "yes", "stat", "top", "free", "uptime", "tar", "gzip", "gunzip",
    ];

    /// <summary>Builds the image into the store and names it <paramref name="name"/>.</summary>
    public static async Task<ImageRecord> BuildAsync(ImageStore store, ImageReference name, string busyboxPath = DefaultBusybox, CancellationToken ct = default)
    {
        using var writing = store.BeginWrite();
        if (!File.Exists(busyboxPath)) throw new FileNotFoundException($"{busyboxPath} not found (Debian package busybox-static; make deps installs it)", busyboxPath);
        var applets = (await ListAppletsAsync(busyboxPath, ct)).Where(a => a != "busybox" && !a.Contains('/')).Distinct().Order(StringComparer.Ordinal).ToArray();
        var (layerTar, diffId) = await BuildLayerAsync(busyboxPath, applets, ct);
        var layerGz = Compress(layerTar);
        string layerDigest = ContentDigest.Of(layerGz);
        await store.WriteBlobAsync(layerDigest, layerGz, ct);

        var config = new ImageConfigFile
        {
            Architecture = PlatformSelector.Architecture,
            Os = PlatformSelector.Os,
            Config = new ContainerConfig { Env = [Path], Cmd = ["sh"] },
            Rootfs = new RootFs { Type = "layers", DiffIds = [diffId] },
        };
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, ImagesJsonContext.Default.ImageConfigFile);
        string configDigest = ContentDigest.Of(configBytes);
        await store.WriteBlobAsync(configDigest, configBytes, ct);

        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest, Size = configBytes.Length },
            Layers = [new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = layerDigest, Size = layerGz.Length }],
        };
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ImagesJsonContext.Default.ImageManifest);
        string manifestDigest = ContentDigest.Of(manifestBytes);
        await store.WriteBlobAsync(manifestDigest, manifestBytes, ct);
        return await ImagePuller.RegisterAsync(store, manifest, manifestDigest, manifestDigest, name, ct);
    }

    private static async Task<(byte[] Tar, string DiffId)> BuildLayerAsync(string busyboxPath, IReadOnlyList<string> applets, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using (var tar = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (dir, mode) in new[] { ("bin/", 0b111_101_101), ("dev/", 0b111_101_101), ("etc/", 0b111_101_101), ("proc/", 0b111_101_101),
                         ("root/", 0b111_000_000), ("sys/", 0b111_101_101), ("tmp/", 0b1_111_111_111), ("usr/", 0b111_101_101), ("usr/bin/", 0b111_101_101),
                         ("var/", 0b111_101_101) })
                await tar.WriteEntryAsync(new UstarTarEntry(TarEntryType.Directory, dir) { Mode = (UnixFileMode)mode, ModificationTime = Epoch }, ct);
            await using (var binary = File.OpenRead(busyboxPath))
                await tar.WriteEntryAsync(new UstarTarEntry(TarEntryType.RegularFile, "bin/busybox") { DataStream = binary, Mode = (UnixFileMode)0b111_101_101, ModificationTime = Epoch }, ct);
            foreach (string applet in applets)
                await tar.WriteEntryAsync(new UstarTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox", ModificationTime = Epoch }, ct);
            await tar.WriteEntryAsync(new UstarTarEntry(TarEntryType.SymbolicLink, "usr/bin/env") { LinkName = "/bin/busybox", ModificationTime = Epoch }, ct);
            await WriteFileAsync(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n", ct);
            await WriteFileAsync(tar, "etc/group", "root:x:0:\nnobody:x:65534:\n", ct);
            await WriteFileAsync(tar, "etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n", ct);
        }
        var bytes = buffer.ToArray();
        return (bytes, ContentDigest.FromHash(SHA256.HashData(bytes)));
    }

    private static async Task WriteFileAsync(TarWriter tar, string name, string content, CancellationToken ct) =>
        await tar.WriteEntryAsync(new UstarTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = (UnixFileMode)0b110_100_100, ModificationTime = Epoch,
        }, ct);

    private static byte[] Compress(byte[] tar)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(tar);
        return output.ToArray();
    }

    private static async Task<IReadOnlyList<string>> ListAppletsAsync(string busyboxPath, CancellationToken ct)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(busyboxPath, "--list") { RedirectStandardOutput = true, UseShellExecute = false })!;
            string output = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            var applets = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return process.ExitCode == 0 && applets.Length > 0 ? applets : FallbackApplets;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return FallbackApplets;
        }
    }
}
