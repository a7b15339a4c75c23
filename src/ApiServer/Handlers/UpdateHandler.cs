namespace Cluster.ApiServer.Handlers;

/// <summary>PUT of an object (or of its status): replaces it, keeping what clients may not change; 200 with the result.</summary>
public sealed class UpdateHandler(ApiServices api, ObjectUpdater updater, ResponseRenderer render)
{
    public async Task HandleAsync(ApiRequest req)
    {
        var body = await api.Body.ReadObjectAsync(req.Http.Request, req.Aborted);
        var dryRun = req.DryRun;
        var result = await updater.UpdateAsync(req, _ => ValueTask.FromResult(body), dryRun);
        await render.ObjectAsync(req, 200, result.Object);
    }
}
