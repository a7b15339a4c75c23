using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// The policy of one served version of a custom resource: schema defaults, validation against the version's
/// structural schema (422 with field causes), and the status split when the status subresource is enabled. Holds a
/// private copy of the schema; stateless otherwise and thread-safe.
/// </summary>
public sealed class CustomResourceStrategy(JsonObject schema, bool hasStatus) : IResourceStrategy
{
    private readonly JsonObject _schema = (JsonObject)schema.DeepClone();

    /// <summary>Upstream bumps generation on every non-metadata change, and only on spec changes with a status subresource.</summary>
    public bool TracksGeneration => true;

    public NameRule Names => NameRule.Subdomain;

    public bool ResetsStatusOnCreate => hasStatus;

    public void Default(JsonObject obj)
    {
        lock (_schema) SchemaDefaulter.Apply(obj, _schema); // JsonNode reads are not thread-safe on a shared tree
    }

    public void PrepareForCreate(JsonObject obj)
    {
        if (hasStatus) obj.Remove("status");
    }

    public IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        lock (_schema) return Causes.Of(OpenApiValidator.Validate(obj, _schema));
    }

    public IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old) => Validate(obj);
}
