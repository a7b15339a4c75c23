using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Cluster.Kubelet.Images;
using Cluster.Kubelet.Images.Archives;
using Cluster.Kubelet.Images.Registry;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Images;

/// <summary>
/// A real docker-registry with <c>auth: htpasswd</c> (bcrypt from the system's libcrypt): it answers 401 with a Basic
/// challenge, and our client retries with the credential from registries.yaml or a pull secret.
/// </summary>
public sealed class RegistryBasicAuthIntegrationTests : IAsyncLifetime
{
    private const string User = "basic-user";
    private const string Password = "basic-pw";
    private readonly TempDirectory _temp = new("image-basic");
    private DockerRegistryProcess? _registry;

    public async Task InitializeAsync()
    {
        string htpasswd = _temp.Combine("htpasswd");
        await File.WriteAllTextAsync(htpasswd, $"{User}:{Bcrypt(Password)}\n");
        _registry = await DockerRegistryProcess.StartAsync($"""
            auth:
              htpasswd:
                realm: test-basic
                path: {htpasswd}
            """);
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null) await _registry.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task BasicChallengeIsAnsweredWithRegistriesYamlOrPullSecretCredentials()
    {
        string name = $"{_registry!.HostPort}/basic/busybox:1";
        using (var source = await ImageStore.OpenAsync(_temp.Combine("source")))
        {
            var image = await BusyboxImage.BuildAsync(source, ImageReference.Parse("busybox"));
            using var client = new RegistryClient(_registry!.Url, new RegistryCredential(User, Password));
            await ImagePuller.PushAsync(client, image, ImageReference.Parse(name), source, CancellationToken.None);
        }

        using (var anonymous = new ImageManager(await ImageStore.OpenAsync(_temp.Combine("anonymous"))))
        {
            var denied = await Assert.ThrowsAsync<ImagePullException>(() => anonymous.EnsureImageAsync(name, ImagePullPolicy.IfNotPresent));
            Assert.Equal(ImagePullException.ErrImagePull, denied.Reason);
            Assert.Contains("authentication required", denied.Message);
        }

        var registries = RegistriesConfig.Parse($"""
            configs:
              "{_registry!.HostPort}":
                auth:
                  username: {User}
                  password: {Password}
            """);
        using (var configured = new ImageManager(await ImageStore.OpenAsync(_temp.Combine("configured")), registries))
            Assert.True(File.Exists(Path.Combine((await configured.EnsureImageAsync(name, ImagePullPolicy.Always)).RootfsPath, "bin/busybox")));

        var secret = new PullSecret(DockerConfigCredentials.DockerCfgType, new Dictionary<string, byte[]>
        {
            [".dockercfg"] = Encoding.UTF8.GetBytes("{\"" + _registry!.HostPort + "\":{\"username\":\"" + User + "\",\"password\":\"" + Password + "\"}}"),
        });
        using var withSecret = new ImageManager(await ImageStore.OpenAsync(_temp.Combine("secret")));
        Assert.True(File.Exists(Path.Combine((await withSecret.EnsureImageAsync(name, ImagePullPolicy.Always, [secret])).RootfsPath, "bin/busybox")));
    }

    /// <summary>A bcrypt hash (what distribution's htpasswd accepts) from the system's crypt(3).</summary>
    private static string Bcrypt(string password)
    {
        const string alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        string salt = "$2b$05$" + new string(RandomNumberGenerator.GetItems<char>(alphabet, 21)) + "u";
        IntPtr hash = crypt(Encoding.UTF8.GetBytes(password + "\0"), Encoding.UTF8.GetBytes(salt + "\0"));
        return Marshal.PtrToStringUTF8(hash) is { Length: 60 } result ? result : throw new InvalidOperationException("libcrypt has no bcrypt");
    }

    [DllImport("libcrypt.so.1")]
    private static extern IntPtr crypt(byte[] key, byte[] salt);
}
