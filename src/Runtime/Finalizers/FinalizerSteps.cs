using System.Text.Json.Nodes;
using Cluster.Api;
using Cluster.Runtime.Client;
using Cluster.Runtime.Controllers;

namespace Cluster.Runtime.Finalizers;

/// <summary>
/// Finalizer helpers. Adding and removing write the whole finalizer list with the object's resourceVersion as a
/// precondition (a 409 if it changed meanwhile: the reconcile is retried on fresh state), so no one else's finalizer
/// is lost.
/// </summary>
public static class FinalizerSteps
{
    public static bool Has(IKubernetesObject obj, string finalizer) => obj.Metadata?.Finalizers?.Contains(finalizer) == true;

    public static bool IsDeleting(IKubernetesObject obj) => obj.Metadata?.DeletionTimestamp is not null;

    /// <summary>The object with <paramref name="finalizer"/> added (as stored), or unchanged if it had it.</summary>
    public static async Task<T> AddAsync<T>(ResourceClient<T> client, T obj, string finalizer, CancellationToken ct = default)
        where T : class, IKubernetesObject<T>
    {
        if (Has(obj, finalizer)) return obj;
        return await WriteAsync(client, obj, [.. obj.Metadata?.Finalizers ?? [], finalizer], ct);
    }

    /// <summary>The object with <paramref name="finalizer"/> removed (null if that let the server delete it).</summary>
    public static async Task<T?> RemoveAsync<T>(ResourceClient<T> client, T obj, string finalizer, CancellationToken ct = default)
        where T : class, IKubernetesObject<T>
    {
        if (!Has(obj, finalizer)) return obj;
        try
        {
            return await WriteAsync(client, obj, [.. obj.Metadata!.Finalizers!.Where(f => f != finalizer)], ct);
        }
        catch (Client.Errors.NotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The usual finalizer flow: while the object lives, make sure it carries <paramref name="finalizer"/> and run
    /// <paramref name="reconcile"/>; once it is being deleted, run <paramref name="cleanup"/> (idempotent: it may run
    /// again after a failure) and then remove the finalizer so deletion can finish.
    /// </summary>
    public static async Task<ReconcileResult> RunAsync<T>(ResourceClient<T> client, T obj, string finalizer,
        Func<T, CancellationToken, Task> cleanup, Func<T, CancellationToken, Task<ReconcileResult>> reconcile, CancellationToken ct = default)
        where T : class, IKubernetesObject<T>
    {
        if (IsDeleting(obj))
        {
            if (!Has(obj, finalizer)) return ReconcileResult.Done;
            await cleanup(obj, ct);
            await RemoveAsync(client, obj, finalizer, ct);
            return ReconcileResult.Done;
        }
        var current = await AddAsync(client, obj, finalizer, ct);
        return await reconcile(current, ct);
    }

    private static Task<T> WriteAsync<T>(ResourceClient<T> client, T obj, IEnumerable<string> finalizers, CancellationToken ct)
        where T : class, IKubernetesObject<T>
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode?)JsonValue.Create(f))]),
                ["resourceVersion"] = obj.Metadata?.ResourceVersion,
            },
        };
        return client.PatchAsync(ObjectKey.Of(obj), Patch.Merge(patch.ToJsonString()), ct: ct);
    }
}
