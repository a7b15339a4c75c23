using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies;

namespace Cluster.ApiServer.Registry;

/// <summary>
/// One served resource: everything the generic handlers, discovery and storage need to know about it.
/// Adding a kind is adding one of these (and a strategy), never new endpoints.
/// </summary>
public sealed record ResourceDefinition
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Kind { get; init; }

    /// <summary>The plural lower-case name used in URLs (<c>deployments</c>).</summary>
    public required string Plural { get; init; }

    public required string Singular { get; init; }
    public required bool Namespaced { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Has a <c>/status</c> subresource: the main resource ignores status changes and vice versa.</summary>
    public bool HasStatus { get; init; }

    /// <summary>Has a <c>/scale</c> subresource (autoscaling/v1 Scale over <c>spec.replicas</c>).</summary>
    public bool HasScale { get; init; }

    /// <summary>Custom resources: where <c>/scale</c> reads and writes; null for built-ins (spec.replicas, status.replicas, spec.selector).</summary>
    public ScalePaths? ScalePaths { get; init; }

    /// <summary>Further subresources advertised in discovery (pods: binding, log, exec, ...).</summary>
    public IReadOnlyList<SubresourceDefinition> ExtraSubresources { get; init; } = [];

    /// <summary>
    /// The resource name in storage keys: <c>/registry/&lt;StorageResource&gt;/...</c>. Versions of one resource
    /// share it; Kubernetes qualifies a few with their group.
    /// </summary>
    public required string StorageResource { get; init; }

    /// <summary>
    /// Converts between this version and the version objects are stored in, when they differ (autoscaling/v1
    /// HPAs are stored as v2, events.k8s.io Events as core v1); null when stored as served.
    /// </summary>
    public Conversion.IVersionConverter? Converter { get; init; }

    /// <summary>Defaulting, validation and update rules of the kind.</summary>
    public required IResourceStrategy Strategy { get; init; }

    /// <summary>Field selector labels besides metadata.name and metadata.namespace, with where each is read from.</summary>
    public IReadOnlyDictionary<string, SelectableField> SelectableFields { get; init; } = EmptyFields;

    /// <summary>The structural schema of a custom resource version (built-in kinds take theirs from the OpenAPI catalog).</summary>
    public Schema.SchemaNode? Schema { get; init; }

    /// <summary>The Table printer when the kind has its own columns (custom resources' additionalPrinterColumns).</summary>
    public Printing.ITablePrinter? Printer { get; init; }

    /// <summary>What a version served from a CustomResourceDefinition needs besides this record; null for built-in kinds.</summary>
    public CustomResources.CustomResourceVersion? Custom { get; init; }

    /// <summary>Served from a CustomResourceDefinition: type errors are 422 (schema validation), strategic merge patch is 415.</summary>
    public bool IsCustom => Custom is not null;

    /// <summary>Its CustomResourceDefinition is being deleted: reads and deletes are served, creates refused.</summary>
    public bool Terminating { get; init; }

    /// <summary>The newest supported version of the group lists first in discovery.</summary>
    public int VersionPriority { get; init; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string GroupVersion => ApiVersion;
    /// <summary>The kind of lists of the resource: <c>&lt;Kind&gt;List</c> unless a CRD names another.</summary>
    public string ListKind
    {
        get => _listKind ?? Kind + "List";
        init => _listKind = value;
    }

    private readonly string? _listKind;
    public GroupResource GroupResource => new(Group, Plural);

    /// <summary>The verbs of the main resource, as discovery lists them.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly Dictionary<string, SelectableField> EmptyFields = [];
}
