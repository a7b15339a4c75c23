using Cluster.Store.Etcd;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Etcd;

/// <summary>The etcd engine over TLS, against etcd serving a certificate from a CA made by the test.</summary>
public sealed class EtcdTlsTests
{
    [Fact]
    public async Task Store_talks_to_etcd_over_tls_when_it_trusts_the_ca()
    {
        using var certificates = TestCertificates.Create();
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions
        {
            CertFile = certificates.ServerCertFile,
            KeyFile = certificates.ServerKeyFile,
        });
        Assert.Equal("https", etcd.ClientUrl.Scheme);
        await using var store = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [etcd.ClientUrl], CaCertificatePath = certificates.CaFile });

        var put = await store.PutAsync(new PutRequest("/tls/a".B(), "secret".B()));
        var range = await store.RangeAsync(new RangeRequest("/tls/a".B()));
        await using var watch = new WatchReader(store.Watch(new WatchRequest("/tls/a".B(), StartRevision: put.Revision)));

        Assert.Equal("secret", Assert.Single(range.Kvs).Value.S());
        Assert.Equal(put.Revision, (await watch.NextAsync()).Events[0].Kv.ModRevision);
    }

    [Fact]
    public async Task Server_certificate_from_an_untrusted_ca_is_refused()
    {
        using var certificates = TestCertificates.Create();
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions
        {
            CertFile = certificates.ServerCertFile,
            KeyFile = certificates.ServerKeyFile,
        });
        await using var store = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [etcd.ClientUrl], CaCertificatePath = certificates.OtherCaFile });

        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.RangeAsync(new RangeRequest("/tls/a".B())));
    }

    [Fact]
    public async Task Client_certificate_is_presented_when_etcd_requires_one()
    {
        using var certificates = TestCertificates.Create();
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions
        {
            CertFile = certificates.ServerCertFile,
            KeyFile = certificates.ServerKeyFile,
            ClientCaFile = certificates.CaFile,
        });
        await using var withCertificate = EtcdStore.Connect(new EtcdStoreOptions
        {
            Endpoints = [etcd.ClientUrl],
            CaCertificatePath = certificates.CaFile,
            ClientCertificatePath = certificates.ClientCertFile,
            ClientKeyPath = certificates.ClientKeyFile,
        });
        await using var without = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [etcd.ClientUrl], CaCertificatePath = certificates.CaFile });

        var put = await withCertificate.PutAsync(new PutRequest("/mtls/a".B(), "1".B()));
        Assert.True(put.Revision > 1);
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await without.RangeAsync(new RangeRequest("/mtls/a".B())));
    }
}
