namespace Cluster.Runtime.Client;

/// <summary>Query parameters of create, update and patch. Null means "not sent".</summary>
public sealed record WriteOptions
{
    /// <summary>Who makes the change, recorded in managedFields (required for server-side apply).</summary>
    public string? FieldManager { get; init; }

    /// <summary>Validate and answer without storing (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }

    /// <summary>Ignore, Warn or Strict handling of unknown and duplicate fields.</summary>
    public string? FieldValidation { get; init; }

    /// <summary>Server-side apply only: take over fields other managers own instead of failing with 409.</summary>
    public bool Force { get; init; }

    internal void AppendTo(QueryString query)
    {
        query.Add("fieldManager", FieldManager);
        if (DryRun) query.Add("dryRun", "All");
        query.Add("fieldValidation", FieldValidation);
        if (Force) query.Add("force", "true");
    }
}
