using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// The policy of one served version of a custom resource: schema defaults, validation against the version's
/// structural schema (422 with field causes), and the status split when the status subresource is enabled.
/// Stateless over an immutable schema; thread-safe.
/// </summary>
public sealed class CustomResourceStrategy(ValidationSchema schema, bool hasStatus) : IResourceStrategy
{
    /// <summary>Upstream bumps generation on every non-metadata change, and only on spec changes with a status subresource.</summary>
    public bool TracksGeneration => true;

    public NameRule Names => NameRule.Subdomain;

    public bool ResetsStatusOnCreate => hasStatus;

    public void Default(JsonObject obj) => SchemaDefaulter.Apply(obj, schema);

    public void PrepareForCreate(JsonObject obj)
    {
        if (hasStatus) obj.Remove("status");
    }

    public IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(OpenApiValidator.Validate(obj, schema));

    public IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old) => Validate(obj);
}
