using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Http;

namespace Cluster.ApiServer.Handlers;

/// <summary>Apply patches. Until server-side apply lands, they are refused with 415, which kubectl reports as "server-side apply not available".</summary>
public sealed class ServerSideApplyHandler
{
    public Task HandleAsync(ApiRequest req, ReadOnlyMemory<byte> body, bool force, bool dryRun) =>
        throw ApiErrors.UnsupportedMediaType(MediaTypes.ApplyPatchYaml, [MediaTypes.JsonPatch, MediaTypes.MergePatch, MediaTypes.StrategicMergePatch]);
}
