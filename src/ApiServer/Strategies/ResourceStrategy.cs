using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;

namespace Cluster.ApiServer.Strategies;

/// <summary>The default policy: no defaults, no kind-specific validation. Kinds derive and override what they need.</summary>
public class ResourceStrategy : IResourceStrategy
{
    public static readonly ResourceStrategy Plain = new();

    /// <summary>Kinds with a spec whose generation is tracked.</summary>
    public static readonly ResourceStrategy WithGeneration = new() { TracksGeneration = true };

    public bool TracksGeneration { get; init; }

    public NameRule Names { get; init; } = NameRule.Subdomain;

    public bool ResetsStatusOnCreate { get; init; } = true;

    public virtual void Default(JsonObject obj)
    {
    }

    public virtual void PrepareForCreate(JsonObject obj)
    {
    }

    public virtual IEnumerable<StatusCause> Validate(JsonObject obj) => [];

    public virtual IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old) => Validate(obj);

    /// <summary>
    /// A write through the status subresource, whose spec is the stored one: by default the kind's update rules;
    /// kinds whose status has rules of its own check those instead, as upstream's status strategies do.
    /// </summary>
    public virtual IEnumerable<StatusCause> ValidateStatusUpdate(JsonObject obj, JsonObject old) => ValidateUpdate(obj, old);
}
