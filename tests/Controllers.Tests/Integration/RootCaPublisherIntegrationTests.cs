using Cluster.Api.Core.V1;
using Cluster.Controllers.RootCa;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class RootCaPublisherIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private string CaPem => fixture.Cluster.Client.Connection.CertificateAuthorityPem!;

    [Fact]
    public async Task Every_namespace_gets_the_root_ca_and_gets_it_back_when_changed_or_deleted()
    {
        var client = fixture.Cluster.Client;
        var ns = await fixture.Cluster.CreateNamespaceAsync("rootca");
        var key = new Cluster.Runtime.ObjectKey(ns, RootCaPublisherController.ConfigMapName);
        await Eventually.TrueAsync(async () => await client.FindAsync<ConfigMap>(key) is not null, Patience, "the root CA config map");
        var published = await client.GetAsync<ConfigMap>(key);
        Assert.Equal(CaPem, published.Data![RootCaPublisherController.Key]);
        Assert.Contains("BEGIN CERTIFICATE", CaPem, StringComparison.Ordinal);
        Assert.StartsWith("Contains a CA bundle", published.Metadata!.Annotations![RootCaPublisherController.DescriptionAnnotation], StringComparison.Ordinal);

        await client.UpdateAsync(published with { Data = new Dictionary<string, string> { ["ca.crt"] = "tampered", ["extra"] = "x" } });
        await Eventually.TrueAsync(async () => RootCaPublisherController.IsCurrent(await client.GetAsync<ConfigMap>(key), CaPem), Patience, "the CA is restored");

        await client.DeleteAsync<ConfigMap>(key);
        await Eventually.TrueAsync(async () => await client.FindAsync<ConfigMap>(key) is { } cm && cm.Metadata!.Uid != published.Metadata.Uid, Patience, "the CA is recreated");
    }

    [Fact]
    public void Only_exactly_the_ca_with_its_description_is_current()
    {
        var current = RootCaPublisherController.Desired("ns", "PEM");
        Assert.True(RootCaPublisherController.IsCurrent(current, "PEM"));
        Assert.False(RootCaPublisherController.IsCurrent(current, "OTHER"));
        Assert.False(RootCaPublisherController.IsCurrent(current with { Data = new Dictionary<string, string> { ["ca.crt"] = "PEM", ["x"] = "y" } }, "PEM"));
        Assert.False(RootCaPublisherController.IsCurrent(current with { Metadata = current.Metadata! with { Annotations = null } }, "PEM"));
    }
}
