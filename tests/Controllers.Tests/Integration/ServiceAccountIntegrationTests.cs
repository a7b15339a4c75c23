using Cluster.Api.Core.V1;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class ServiceAccountIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Every_namespace_gets_a_default_service_account_and_gets_it_back_when_deleted()
    {
        var client = fixture.Cluster.Client;
        var ns = await fixture.Cluster.CreateNamespaceAsync("sa");
        await Eventually.TrueAsync(async () => await client.FindAsync<ServiceAccount>(new(ns, "default")) is not null, Patience, "the default service account");

        await client.DeleteAsync<ServiceAccount>(new(ns, "default"));
        await Eventually.TrueAsync(async () => await client.FindAsync<ServiceAccount>(new(ns, "default")) is { } sa && sa.Metadata!.DeletionTimestamp is null,
            Patience, "the default service account is recreated");
    }
}
