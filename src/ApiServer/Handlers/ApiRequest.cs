using Cluster.ApiServer.Auth;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Handlers;

/// <summary>One resource request, resolved: who asks, what about, and the common query options of writes.</summary>
public sealed class ApiRequest(HttpContext http, RequestInfo info, ResourceDefinition resource, UserInfo user)
{
    public HttpContext Http { get; } = http;
    public RequestInfo Info { get; } = info;
    public ResourceDefinition Resource { get; } = resource;
    public UserInfo User { get; } = user;
    public CancellationToken Aborted => Http.RequestAborted;
    public string Namespace => Info.Namespace;
    public string Name => Info.Name;

    /// <summary>The representation the Accept header asks for (read once per request: every response path asks).</summary>
    public ResponseForm ResponseForm => _responseForm ??= ResponseForms.Of(this);

    private ResponseForm? _responseForm;

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null;

    /// <summary><c>dryRun=All</c>: everything but the store write. Any other value is rejected.</summary>
    public bool DryRun
    {
        get
        {
            if (!Http.Request.Query.TryGetValue("dryRun", out var values)) return false;
            foreach (var v in values)
            {
                if (v != "All") throw ApiErrors.BadRequest($"Invalid dry run value: {v}; supported values are: All");
            }
            return values.Count > 0;
        }
    }

    /// <summary>The manager of this write: <c>fieldManager</c>, or a name derived from the User-Agent as upstream does.</summary>
    public string FieldManager
    {
        get
        {
            var manager = Query("fieldManager");
            if (!string.IsNullOrEmpty(manager))
            {
                if (manager.Length > 128) throw ApiErrors.BadRequest("fieldManager: Too long: may not be more than 128 bytes");
                return manager;
            }
            var agent = Http.Request.Headers.UserAgent.ToString();
            var slash = agent.IndexOf('/', StringComparison.Ordinal);
            var name = slash > 0 ? agent[..slash] : agent;
            return name.Length == 0 ? "unknown" : name.Length > 128 ? name[..128] : name;
        }
    }

    /// <summary><c>fieldValidation</c>: Ignore, Warn (the default) or Strict.</summary>
    public string FieldValidation
    {
        get
        {
            var value = Query("fieldValidation");
            return value switch
            {
                null or "" => "Warn",
                "Ignore" or "Warn" or "Strict" => value,
                _ => throw ApiErrors.BadRequest($"fieldValidation: Unsupported value: \"{value}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
            };
        }
    }

    public GroupResource GroupResource => Resource.GroupResource;
}
