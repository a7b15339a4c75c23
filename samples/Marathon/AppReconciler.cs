using Cluster.Api.Apps.V1;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Controllers;

namespace Marathon;

/// <summary>
/// Keeps an App's Deployment (and Service) equal to its definition and reports the Deployment's progress in the App's
/// status. An app whose dependencies are not healthy yet is not deployed; it is woken when they change.
/// </summary>
public sealed class AppReconciler(ClusterClient client, ClusterCache cache) : IReconciler<App>
{
    public const string Manager = "marathon-controller";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (cache.Get<App>(key) is not { } app) return ReconcileResult.Done; // deleted: what it owned is garbage-collected

        var waitingFor = (app.Spec.Dependencies ?? []).Where(id => !IsHealthy(cache.Get<App>(new(key.Namespace, AppTranslation.NameOf(id))))).ToList();
        if (waitingFor.Count == 0)
        {
            await client.ApplyAsync(AppTranslation.ToDeployment(app), Manager, force: true, ct);
            if (AppTranslation.ToService(app) is { } service) await client.ApplyAsync(service, Manager, force: true, ct);
        }

        var status = StatusOf(app, cache.Get<Deployment>(key), waitingFor);
        if (!Same(status, app.Status)) await client.Resource<App>().UpdateStatusAsync(app with { Status = status }, ct: ct);
        return ReconcileResult.Done;
    }

    /// <summary>Tasks running and healthy, and whether a rollout is in progress, from the app's Deployment.</summary>
    public static AppStatus StatusOf(App app, Deployment? deployment, IReadOnlyList<string> waitingFor)
    {
        var status = deployment?.Status;
        var rolling = deployment is not null && (status?.ObservedGeneration < deployment.Metadata?.Generation
            || (status?.UpdatedReplicas ?? 0) < app.Spec.Instances || (status?.Replicas ?? 0) > (status?.UpdatedReplicas ?? 0));
        return new AppStatus
        {
            TasksRunning = status?.Replicas ?? 0,
            TasksHealthy = status?.AvailableReplicas ?? 0,
            Deployments = rolling ? 1 : 0,
            WaitingFor = waitingFor.Count > 0 ? waitingFor : null,
            ObservedGeneration = app.Metadata?.Generation,
        };
    }

    public static bool IsHealthy(App? app) =>
        app?.Status is { } s && s.Deployments == 0 && s.TasksHealthy >= app.Spec.Instances && s.WaitingFor is null;

    private static bool Same(AppStatus a, AppStatus? b) =>
        b is not null && a with { WaitingFor = null } == b with { WaitingFor = null } && (a.WaitingFor ?? []).SequenceEqual(b.WaitingFor ?? []);
}
