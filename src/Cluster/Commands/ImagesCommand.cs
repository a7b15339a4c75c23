using System.CommandLine;
using Cluster.Kubelet.Images;
using Cluster.Kubelet.Images.Archives;
using Cluster.Kubelet.Images.Registry;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster images …</c>: the node's image store (<c>&lt;data-dir&gt;/agent/images</c>, the store the agent's
/// kubelet runs pods from): import an archive, list, build the busybox test image, push to a registry.
/// </summary>
internal static class ImagesCommand
{
    public static Command Create()
    {
        var command = new Command("images", "Manage the node's image store: import, list, build the busybox test image, push");
        command.Subcommands.Add(Import());
        command.Subcommands.Add(List());
        command.Subcommands.Add(BuildBusybox());
        command.Subcommands.Add(Push());
        return command;
    }

    private static Option<DirectoryInfo> DataDir() => new("--data-dir")
    {
        Description = "The node's data directory; images live under <data-dir>/agent/images (default: /var/lib/cluster)",
        DefaultValueFactory = _ => new DirectoryInfo("/var/lib/cluster"),
    };

    private static Task<ImageStore> OpenAsync(DirectoryInfo dataDir, CancellationToken ct) =>
        ImageStore.OpenAsync(Path.Combine(dataDir.FullName, "agent", "images"), ct: ct);

    private static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An OCI image layout tar or a `docker save` tar" };
        var name = new Option<string?>("--name") { Description = "Name for images whose archive gives only a tag (default: none; such images are kept by id)" };
        var dataDir = DataDir();
        var command = new Command("import", "Load every image of an OCI layout or docker-save archive into the store") { file, name, dataDir };
        command.SetAction(async (result, ct) =>
        {
            using var store = await OpenAsync(result.GetValue(dataDir)!, ct);
            await using var archive = result.GetValue(file)!.OpenRead();
            foreach (var image in await OciArchive.ImportAsync(store, archive, result.GetValue(name), ct))
                Console.WriteLine($"imported {string.Join(", ", image.Names.DefaultIfEmpty("<untagged>"))} {image.Id}");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var dataDir = DataDir();
        var command = new Command("list", "List the images in the store") { dataDir };
        command.SetAction(async (result, ct) =>
        {
            using var store = await OpenAsync(result.GetValue(dataDir)!, ct);
            Console.WriteLine($"{"IMAGE",-60} {"ID",-19} {"SIZE",10}  LAST USED");
            foreach (var image in store.List())
            {
                foreach (string imageName in image.Names.DefaultIfEmpty("<none>"))
                    Console.WriteLine($"{imageName,-60} {image.Id[..19],-19} {image.Size,10}  {image.LastUsed:u}");
            }
            return 0;
        });
        return command;
    }

    private static Command BuildBusybox()
    {
        var output = new Option<FileInfo>("--out") { Description = "Where to write the OCI layout tar", Required = true };
        var tag = new Option<string>("--tag") { Description = "The image's name (default: busybox:latest)", DefaultValueFactory = _ => "busybox:latest" };
        var busybox = new Option<string>("--busybox") { Description = $"The static busybox binary (default: {BusyboxImage.DefaultBusybox}, from busybox-static)", DefaultValueFactory = _ => BusyboxImage.DefaultBusybox };
        var command = new Command("build-busybox", "Build the small busybox test image (one layer: busybox, its applets, /etc/passwd, /tmp) as an OCI layout tar")
        {
            output, tag, busybox,
        };
        command.SetAction(async (result, ct) =>
        {
            var name = ImageReference.Parse(result.GetValue(tag)!);
            string scratch = Path.Combine(Path.GetTempPath(), "cluster-busybox-" + Guid.NewGuid().ToString("N"));
            try
            {
                using var store = await ImageStore.OpenAsync(scratch, ct: ct);
                var image = await BusyboxImage.BuildAsync(store, name, result.GetValue(busybox)!, ct);
                var file = result.GetValue(output)!;
                file.Directory?.Create();
                string temp = file.FullName + ".tmp";
                await using (var stream = File.Create(temp)) await OciArchive.ExportAsync(store, image, name, stream, ct);
                File.Move(temp, file.FullName, overwrite: true);
                Console.WriteLine($"{file.FullName}: {ImagePuller.StoredName(name)} {image.ManifestDigest}");
                return 0;
            }
            finally
            {
                if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
            }
        });
        return command;
    }

    private static Command Push()
    {
        var image = new Argument<string>("IMAGE") { Description = "An image in the store, e.g. busybox:latest" };
        var target = new Option<string?>("--to") { Description = "Where to push, e.g. 127.0.0.1:5000/busybox:latest (default: the image's own name)" };
        var user = new Option<string?>("--username") { Description = "Registry user name (default: anonymous)" };
        var password = new Option<string?>("--password") { Description = "Registry password" };
        var dataDir = DataDir();
        var command = new Command("push", "Push an image from the store to a registry (http for loopback registries, https otherwise)")
        {
            image, target, user, password, dataDir,
        };
        command.SetAction(async (result, ct) =>
        {
            using var store = await OpenAsync(result.GetValue(dataDir)!, ct);
            var source = ImageReference.Parse(result.GetValue(image)!);
            if (store.Find(source) is not { } record)
            {
                Console.Error.WriteLine($"image {source} is not in the store");
                return 1;
            }
            var destination = ImageReference.Parse(result.GetValue(target) ?? result.GetValue(image)!);
            var credential = result.GetValue(user) is { } u ? new RegistryCredential(u, result.GetValue(password) ?? "") : null;
            using var client = new RegistryClient(RegistriesConfig.UpstreamUri(destination.Registry), credential);
            string digest = await ImagePuller.PushAsync(client, record, destination, store, ct);
            Console.WriteLine($"pushed {destination} {digest}");
            return 0;
        });
        return command;
    }
}
