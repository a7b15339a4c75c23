using System.Text;
using Cluster.Kubelet.Images;
using Cluster.Kubelet.Images.Archives;
using Cluster.Kubelet.Images.Registry;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Images;

/// <summary>
/// A real docker-registry with <c>auth: token</c>: it answers 401 with a Bearer challenge, our client fetches a JWT
/// from the test's token service with the credentials of an imagePullSecret, and retries.
/// </summary>
public sealed class RegistryTokenAuthIntegrationTests : IAsyncLifetime
{
    private const string User = "puller";
    private const string Password = "s3cret";
    private readonly TempDirectory _temp = new("image-auth");
    private TokenServer _tokens = null!;
    private DockerRegistryProcess? _registry;

    public async Task InitializeAsync()
    {
        _tokens = await TokenServer.StartAsync(User, Password);
        try
        {
            _registry = await DockerRegistryProcess.StartAsync(_tokens.RegistryAuthYaml(_temp.Combine("token-ca.pem")));
        }
        catch
        {
            await DisposeAsync(); // xunit does not call it when initialisation fails
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null) await _registry.DisposeAsync();
        await _tokens.DisposeAsync();
        _temp.Dispose();
    }

    private static PullSecret DockerConfigJsonSecret(string registry, string user, string password) => new(
        DockerConfigCredentials.DockerConfigJsonType,
        new Dictionary<string, byte[]>
        {
            [".dockerconfigjson"] = Encoding.UTF8.GetBytes(
                "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")) + "\"}}}"),
        });

    [Fact]
    public async Task PushAndPullFollowTheBearerChallengeWithPullSecretCredentials()
    {
        string name = $"{_registry!.HostPort}/private/busybox:1.0";
        using (var source = await ImageStore.OpenAsync(_temp.Combine("source")))
        {
            var image = await BusyboxImage.BuildAsync(source, ImageReference.Parse("busybox"));
            using var anonymous = new RegistryClient(_registry!.Url);
            var denied = await Assert.ThrowsAsync<RegistryException>(() => ImagePuller.PushAsync(anonymous, image, ImageReference.Parse(name), source, CancellationToken.None));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, denied.Status);

            using var client = new RegistryClient(_registry!.Url, new RegistryCredential(User, Password));
            await ImagePuller.PushAsync(client, image, ImageReference.Parse(name), source, CancellationToken.None);
        }
        Assert.True(_tokens.TokensIssued > 0);

        using var manager = new ImageManager(await ImageStore.OpenAsync(_temp.Combine("node")));
        var noSecret = await Assert.ThrowsAsync<ImagePullException>(() => manager.EnsureImageAsync(name, ImagePullPolicy.IfNotPresent, backoffKey: "pod-a"));
        Assert.Equal(ImagePullException.ErrImagePull, noSecret.Reason);
        var wrongSecret = await Assert.ThrowsAsync<ImagePullException>(() =>
            manager.EnsureImageAsync(name, ImagePullPolicy.IfNotPresent, [DockerConfigJsonSecret(_registry!.HostPort, User, "wrong")], backoffKey: "pod-b"));
        Assert.Equal(ImagePullException.ErrImagePull, wrongSecret.Reason);

        var pulled = await manager.EnsureImageAsync(name, ImagePullPolicy.IfNotPresent,
            [DockerConfigJsonSecret("http://" + _registry!.HostPort + "/v1/", User, Password)], backoffKey: "pod-c");
        Assert.True(File.Exists(Path.Combine(pulled.RootfsPath, "bin/busybox")));
    }
}
