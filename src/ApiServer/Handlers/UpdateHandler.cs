using Cluster.ApiServer.Decoding;

namespace Cluster.ApiServer.Handlers;

/// <summary>PUT of an object (or of its status): replaces it, keeping what clients may not change; 200 with the result.</summary>
public sealed class UpdateHandler(ApiServices api, ObjectUpdater updater, ResponseRenderer render)
{
    public async Task HandleAsync(ApiRequest req)
    {
        var (body, duplicates) = await api.Body.ReadBodyObjectAsync(req.Http.Request, req.Aborted);
        var dryRun = req.DryRun;
        WriteRules.CheckTypeMeta(body, req.Resource);
        FieldValidation.Apply(req, api, body, duplicates);
        var result = await updater.ReplaceAsync(req, body, dryRun);
        await render.UpdatedAsync(req, 200, result);
    }
}
