using System.Text.RegularExpressions;

namespace Cluster.E2E;

/// <summary>What the ServiceAccount admission does to pods made with the real kubectl.</summary>
public sealed class ServiceAccountAdmissionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Kubectl_run_gives_a_pod_the_default_account_and_its_api_access_volume()
    {
        var ns = await fixture.NamespaceAsync("sa-run");
        var k = fixture.Kubectl;
        (await k.RunAsync("run", "web", "-n", ns, "--image=nginx")).Ok();

        var yaml = (await k.RunAsync("get", "pod", "web", "-n", ns, "-o", "yaml")).Ok().Stdout;
        Assert.Matches(@"(?m)^  serviceAccountName: default$", yaml);
        Assert.Matches(@"(?m)^  serviceAccount: default$", yaml);
        var name = Regex.Match(yaml, @"(?m)^  - name: (kube-api-access-[a-z0-9]{5})$").Groups[1].Value;
        Assert.NotEmpty(name);
        var volume = yaml[yaml.IndexOf($"  - name: {name}", StringComparison.Ordinal)..];
        Assert.Contains("""
                projected:
                  defaultMode: 420
                  sources:
                  - serviceAccountToken:
                      expirationSeconds: 3607
                      path: token
                  - configMap:
                      items:
                      - key: ca.crt
                        path: ca.crt
                      name: kube-root-ca.crt
                  - downwardAPI:
                      items:
                      - fieldRef:
                          apiVersion: v1
                          fieldPath: metadata.namespace
                        path: namespace
            """.Replace("\r", "", StringComparison.Ordinal), volume, StringComparison.Ordinal);
        Assert.Contains($"""
                volumeMounts:
                - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
                  name: {name}
                  readOnly: true
            """, yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_run_naming_a_missing_account_is_forbidden()
    {
        var ns = await fixture.NamespaceAsync("sa-missing");
        var result = await fixture.Kubectl.RunAsync("run", "web", "-n", ns, "--image=nginx", "--overrides", """{"spec":{"serviceAccountName":"ghost"}}""");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"pods \"web\" is forbidden: error looking up service account {ns}/ghost: serviceaccount \"ghost\" not found", result.Stderr, StringComparison.Ordinal);
    }
}
