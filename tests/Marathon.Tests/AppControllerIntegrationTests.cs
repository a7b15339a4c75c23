using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client.Errors;
using Cluster.Testing;
using Cluster.TestKit;
using Marathon;

namespace Cluster.Marathon.Tests;

[Trait("tier", "integration")]
public sealed class AppControllerIntegrationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static string Sample(string file) => File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "Marathon", file));

    [Fact]
    public async Task Apps_become_deployments_and_services_and_a_dependency_holds_its_dependent_back_until_healthy()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.ApplyYamlAsync(Sample("crd.yaml"));

        await using var runtime = new ControllerRuntime(cluster.NewClient());
        var controller = runtime.For<App>();
        MarathonController.Configure(controller);
        controller.Complete(new AppReconciler(runtime.Client, runtime.Cache));
        using var stop = new CancellationTokenSource();
        var running = runtime.RunAsync(stop.Token);

        var ns = await cluster.CreateNamespaceAsync("shop");
        await cluster.ApplyYamlAsync(Sample("examples/shop.yaml"), ns);
        var client = cluster.Client;

        // The database is deployed; the web tier waits for it.
        await Eventually.TrueAsync(async () => await client.FindAsync<Deployment>(new(ns, "db")) is not null, Timeout, "db's Deployment");
        await Eventually.TrueAsync(async () => (await client.GetAsync<App>(new(ns, "web"))).Status?.WaitingFor?.Contains("/db") == true, Timeout, "web waits for /db");
        Assert.Null(await client.FindAsync<Deployment>(new(ns, "web")));

        // The database becomes healthy (as a deployment controller would report it): web is deployed.
        await Eventually.TrueAsync(async () =>
        {
            var db = await client.GetAsync<Deployment>(new(ns, "db"));
            try
            {
                await client.UpdateStatusAsync(db with { Status = new DeploymentStatus { ObservedGeneration = db.Metadata!.Generation, Replicas = 1, UpdatedReplicas = 1, ReadyReplicas = 1, AvailableReplicas = 1 } });
                return true;
            }
            catch (ConflictException)
            {
                return false; // the controller applied it meanwhile: read it again, as any writer would
            }
        }, Timeout, "db's status written");
        await Eventually.TrueAsync(async () => (await client.GetAsync<App>(new(ns, "db"))).Status is { TasksHealthy: 1, Deployments: 0 }, Timeout, "db reports healthy");
        await Eventually.TrueAsync(async () => await client.FindAsync<Deployment>(new(ns, "web")) is not null, Timeout, "web's Deployment");

        var web = await client.GetAsync<Deployment>(new(ns, "web"));
        Assert.Equal(3, web.Spec!.Replicas);
        Assert.Equal(("50%", "20%"), (web.Spec.Strategy!.RollingUpdate!.MaxUnavailable!.Value.ToString(), web.Spec.Strategy.RollingUpdate.MaxSurge!.Value.ToString()));
        Assert.NotNull(web.Spec.Template!.Spec!.Affinity!.PodAntiAffinity);
        Assert.Equal("/", web.Spec.Template.Spec.Containers![0].ReadinessProbe!.HttpGet!.Path);
        // The reconciler applies the Service right after the Deployment: it may land a moment later.
        await Eventually.TrueAsync(async () => await client.FindAsync<Service>(new(ns, "web")) is not null, Timeout, "web's Service");
        var service = await client.GetAsync<Service>(new(ns, "web"));
        Assert.Equal(80, Assert.Single(service.Spec!.Ports!).Port);

        // Scaling the App rolls through to its Deployment; the App reports the rollout.
        await client.Resource<App>().ScaleAsync(new(ns, "web"), 5);
        await Eventually.TrueAsync(async () => (await client.GetAsync<Deployment>(new(ns, "web"))).Spec!.Replicas == 5, Timeout, "web scaled to 5");
        await Eventually.TrueAsync(async () => (await client.GetAsync<App>(new(ns, "web"))).Status?.Deployments == 1, Timeout, "a rollout in progress");

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }
}
