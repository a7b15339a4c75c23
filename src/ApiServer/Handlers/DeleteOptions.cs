using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>A DELETE's options, from its body (a <c>DeleteOptions</c>) and query parameters.</summary>
public sealed record DeleteOptions(
    long? GracePeriodSeconds,
    string? PropagationPolicy,
    string? PreconditionUid,
    string? PreconditionResourceVersion,
    bool DryRun)
{
    public static async Task<DeleteOptions> ReadAsync(ApiRequest req, RequestBody body)
    {
        JsonObject? options = null;
        if (req.Http.Request.ContentLength is > 0 || req.Http.Request.Headers.TransferEncoding.Count > 0)
        {
            var bytes = await body.ReadBytesAsync(req.Http.Request, req.Aborted);
            if (!bytes.IsEmpty) options = RequestBody.ParseJsonObject(bytes.Span);
        }
        long? grace = options?["gracePeriodSeconds"] switch
        {
            null => null,
            var n when n.AsLong() is { } l => l,
            _ => throw ApiErrors.BadRequest("gracePeriodSeconds must be an integer"),
        };
        if (req.Query("gracePeriodSeconds") is { Length: > 0 } q)
            grace = long.TryParse(q, out var g) ? g : throw ApiErrors.BadRequest($"invalid gracePeriodSeconds: {q}");

        var policy = options?["propagationPolicy"].AsString() ?? req.Query("propagationPolicy");
        var orphan = options?["orphanDependents"].AsBool() ?? (req.Query("orphanDependents") is { } o ? o == "true" : null);
        if (orphan is not null && policy is not null)
            throw ApiErrors.Invalid("", "DeleteOptions", "", [new StatusCause("FieldValueInvalid", "orphanDependents and deletionPropagation cannot be both set", "propagationPolicy")]);
        if (orphan is { } orph) policy = orph ? "Orphan" : "Background";
        if (policy is not (null or "Orphan" or "Background" or "Foreground"))
            throw ApiErrors.Invalid("", "DeleteOptions", "", [new StatusCause("FieldValueNotSupported",
                $"Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"", "propagationPolicy")]);

        var pre = options?["preconditions"] as JsonObject;
        var dryRun = req.DryRun;
        if (options?["dryRun"] is JsonArray dr)
        {
            foreach (var v in dr)
            {
                if (v.AsString() != "All") throw ApiErrors.BadRequest($"Invalid dry run value: {v?.ToJsonString()}; supported values are: All");
                dryRun = true;
            }
        }
        return new DeleteOptions(grace, policy, pre?["uid"].AsString(), pre?["resourceVersion"].AsString(), dryRun);
    }
}
