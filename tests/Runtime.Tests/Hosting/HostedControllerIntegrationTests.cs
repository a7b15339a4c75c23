using System.Collections.Concurrent;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Hosting;
using Cluster.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cluster.Runtime.Tests.Hosting;

[Trait("tier", "integration")]
public sealed class HostedControllerIntegrationTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    /// <summary>Something the app registers, to show reconcilers are built from the container.</summary>
    public sealed class Seen
    {
        public ConcurrentDictionary<string, string> Values { get; } = new();
    }

    public sealed class RecordingReconciler(ClusterCache cache, Seen seen) : IReconciler<ConfigMap>
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
        {
            if (cache.Get<ConfigMap>(key)?.Data?.GetValueOrDefault("k") is { } value) seen.Values[key.ToString()] = value;
            return Task.FromResult(ReconcileResult.Done);
        }
    }

    [Fact]
    public async Task A_hosted_app_with_one_registered_controller_reconciles_until_the_host_stops()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<Seen>();
        builder.Services.AddClusterClient(fixture.Cluster.Connection).AddController<ConfigMap, RecordingReconciler>(c => c.WithConcurrency(2));
        using var host = builder.Build();
        await host.StartAsync();

        await fixture.Cluster.Client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "hosted", Namespace = ns }, Data = new Dictionary<string, string> { ["k"] = "v" } });
        var seen = host.Services.GetRequiredService<Seen>();
        await Eventually.TrueAsync(() => seen.Values.GetValueOrDefault($"{ns}/hosted") == "v", TimeSpan.FromSeconds(30), "the hosted controller reconciled");

        await host.StopAsync();
    }
}
