using System.Text.Json.Nodes;
using Cluster.Api.Serialization;
using Cluster.ApiServer.Auth;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// POST <c>serviceaccounts/&lt;name&gt;/token</c> (authentication.k8s.io/v1 TokenRequest, what <c>kubectl create token</c>
/// and the kubelet's projected tokens use): a signed token for the service account, for the requested audiences (the
/// API server's by default), valid for expirationSeconds (default an hour, at least 10 minutes), optionally bound to a
/// pod so that it dies with it.
/// </summary>
public sealed class TokenRequestHandler(ApiServices api, ServiceAccountTokens tokens, ResponseRenderer render)
{
    private const long DefaultExpirationSeconds = 3600;
    private const long MinExpirationSeconds = 600;
    private const long MaxExpirationSeconds = 1L << 32;

    public async Task HandleAsync(ApiRequest req)
    {
        var body = await api.Body.ReadObjectAsync(req.Http.Request, req.Aborted);
        var kind = body["kind"].AsString();
        if (kind is not (null or "TokenRequest")) throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind (TokenRequest)");
        var spec = body["spec"] as JsonObject ?? [];
        var causes = new List<StatusCause>();
        long expiration = DefaultExpirationSeconds;
        if (spec["expirationSeconds"] is JsonValue seconds)
        {
            if (!seconds.TryGetValue(out expiration)) causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: must be an integer", "spec.expirationSeconds"));
            else if (expiration < MinExpirationSeconds)
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {expiration}: may not specify a duration less than 10 minutes", "spec.expirationSeconds"));
            else if (expiration > MaxExpirationSeconds)
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {expiration}: may not specify a duration larger than 2^32 seconds", "spec.expirationSeconds"));
        }

        var audiences = (spec["audiences"] as JsonArray)?.Select(a => a.AsString() ?? "").ToList() ?? [];
        if (audiences.Any(a => a.Length == 0)) causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: \"\": audiences may not be empty", "spec.audiences"));
        if (audiences.Count == 0) audiences = [ServiceAccountTokens.Issuer];

        string? podName = null, podUid = null;
        if (spec["boundObjectRef"] is JsonObject bound)
        {
            var boundKind = bound["kind"].AsString();
            if (boundKind != "Pod")
                causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{boundKind}\": supported values: \"Pod\"", "spec.boundObjectRef.kind"));
            podName = bound["name"].AsString();
            if (string.IsNullOrEmpty(podName)) causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.boundObjectRef.name"));
            podUid = bound["uid"].AsString();
        }

        if (causes.Count > 0) throw ApiErrors.Invalid("authentication.k8s.io", "TokenRequest", req.Name, causes);

        var account = await api.Storage.GetAsync(req.Resource, req.Namespace, req.Name, req.Aborted) ?? throw ApiErrors.NotFound(req.GroupResource, req.Name);
        if (podName is not null)
        {
            var pods = api.Registry.Find("", "v1", "pods")!;
            var pod = await api.Storage.GetAsync(pods, req.Namespace, podName, req.Aborted) ?? throw ApiErrors.NotFound(pods.GroupResource, podName);
            var actual = ObjectMeta.Uid(pod);
            if (!string.IsNullOrEmpty(podUid) && podUid != actual)
                throw ApiErrors.Conflict(pods.GroupResource, podName,
                    $"the UID in the bound object reference ({podUid}) does not match the UID in record ({actual}). The object might have been deleted and then recreated");
            podUid = actual;
        }

        var now = api.Now;
        var expires = now.AddSeconds(expiration);
        var token = req.DryRun ? "" : tokens.Issue(new ServiceAccountClaims(req.Namespace, req.Name, ObjectMeta.Uid(account), audiences, expires, podName, podUid), now);
        var response = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = req.Name, ["namespace"] = req.Namespace, ["creationTimestamp"] = null },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]),
                ["expirationSeconds"] = expiration,
                ["boundObjectRef"] = podName is null ? null : new JsonObject { ["kind"] = "Pod", ["apiVersion"] = "v1", ["name"] = podName, ["uid"] = podUid },
            },
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = Rfc3339.Format(expires) },
        };
        await render.StatusAsync(req, 201, response);
    }
}
