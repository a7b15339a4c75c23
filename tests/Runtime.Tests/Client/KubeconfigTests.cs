using System.Text;
using Cluster.Runtime.Client;
using Cluster.TestKit;

namespace Cluster.Runtime.Tests.Client;

public sealed class KubeconfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.Path, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void The_current_context_picks_server_ca_token_and_namespace()
    {
        var path = Write("config", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c1
              cluster: {"{"}server: "https://10.0.0.1:6443", certificate-authority-data: {B64("CA-PEM")}{"}"}
            - name: c2
              cluster: {"{"}server: "https://10.0.0.2:6443", insecure-skip-tls-verify: true{"}"}
            users:
            - name: u1
              user: {"{"}token: secret-1{"}"}
            contexts:
            - name: one
              context: {"{"}cluster: c1, user: u1, namespace: team-a{"}"}
            - name: two
              context: {"{"}cluster: c2, user: u1{"}"}
            current-context: one
            """);
        var one = Kubeconfig.Load([path]);
        Assert.Equal(("https://10.0.0.1:6443/", "CA-PEM", "secret-1", "team-a", false), (one.Server.ToString(), one.CertificateAuthorityPem, one.Token, one.Namespace, one.InsecureSkipTlsVerify));
        var two = Kubeconfig.Load([path], "two");
        Assert.Equal(("https://10.0.0.2:6443/", "default", true), (two.Server.ToString(), two.Namespace, two.InsecureSkipTlsVerify));
    }

    [Fact]
    public void Several_files_merge_with_the_first_definition_winning_and_relative_paths_resolved_per_file()
    {
        Write("certs/ca.crt", "CA-FROM-FILE");
        var first = Write("a.yaml", """
            clusters:
            - name: shared
              cluster: {server: "https://first:6443", certificate-authority: certs/ca.crt}
            current-context: ctx
            """);
        var second = Write("sub/b.yaml", """
            clusters:
            - name: shared
              cluster: {server: "https://second:6443"}
            users:
            - name: u
              user: {tokenFile: token}
            contexts:
            - name: ctx
              context: {cluster: shared, user: u}
            current-context: ignored
            """);
        var connection = Kubeconfig.Load([first, second]);
        Assert.Equal("https://first:6443/", connection.Server.ToString());
        Assert.Equal("CA-FROM-FILE", connection.CertificateAuthorityPem);
        Assert.Equal(Path.Combine(_dir.Path, "sub", "token"), connection.TokenFile);
    }

    [Theory]
    [InlineData("exec: {command: aws}")]
    [InlineData("auth-provider: {name: gcp}")]
    [InlineData("username: admin")]
    public void Unsupported_user_settings_are_refused_by_name(string setting)
    {
        var path = Write("config", $$$"""
            clusters: [{name: c, cluster: {server: "https://x:1"}}]
            users: [{name: u, user: { {{{setting}}} }}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """);
        var error = Assert.Throws<InvalidOperationException>(() => Kubeconfig.Load([path]));
        Assert.Contains(setting.Split(':')[0], error.Message);
    }

    [Fact]
    public void A_missing_context_is_an_error_naming_it()
    {
        var path = Write("config", "clusters: []\ncontexts: []\ncurrent-context: gone\n");
        Assert.Contains("gone", Assert.Throws<InvalidOperationException>(() => Kubeconfig.Load([path])).Message);
    }

    [Fact]
    public void In_cluster_files_give_server_token_file_ca_and_namespace()
    {
        Write("sa/token", "tok");
        Write("sa/ca.crt", "CA");
        Write("sa/namespace", "kube-system\n");
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        try
        {
            Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.96.0.1");
            Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", "443");
            var connection = InClusterConfig.Load(Path.Combine(_dir.Path, "sa"));
            Assert.Equal(("https://10.96.0.1/", "CA", "kube-system"), (connection.Server.ToString(), connection.CertificateAuthorityPem, connection.Namespace));
            Assert.Equal(Path.Combine(_dir.Path, "sa", "token"), connection.TokenFile);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", host);
            Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", port);
        }
    }
}
