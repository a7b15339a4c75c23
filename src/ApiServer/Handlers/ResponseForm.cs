namespace Cluster.ApiServer.Handlers;

/// <summary>The representation a client's Accept header asks for, as upstream's content negotiation reads it.</summary>
public enum ResponseForm
{
    /// <summary>The object (or list) itself.</summary>
    Object,

    /// <summary><c>as=Table</c>: the rows kubectl prints.</summary>
    Table,

    /// <summary><c>as=PartialObjectMetadata</c>: apiVersion meta.k8s.io/v1, kind PartialObjectMetadata and the object's metadata (gets, writes and watch events).</summary>
    Metadata,

    /// <summary><c>as=PartialObjectMetadataList</c>: a PartialObjectMetadataList (lists).</summary>
    MetadataList,
}

/// <summary>Reads the Accept header's clauses in order; the first JSON clause this server can produce decides.</summary>
public static class ResponseForms
{
    public static ResponseForm Of(ApiRequest req)
    {
        foreach (var accept in req.Http.Request.Headers.Accept)
        {
            if (accept is null) continue;
            foreach (var clause in accept.Split(','))
            {
                if (Parse(clause) is { } form) return form;
            }
        }
        return ResponseForm.Object;
    }

    /// <summary>The form one clause names, or null when this server cannot produce it (another media type, an unknown <c>as=</c>).</summary>
    public static ResponseForm? Parse(string clause)
    {
        var parts = clause.Split(';', StringSplitOptions.TrimEntries);
        if (parts[0] is not ("application/json" or "application/*" or "*/*")) return null;
        string? target = null;
        bool metaGroup = false, knownVersion = false;
        foreach (var p in parts.AsSpan(1))
        {
            if (p.StartsWith("as=", StringComparison.Ordinal)) target = p[3..];
            else if (p == "g=meta.k8s.io") metaGroup = true;
            else if (p is "v=v1" or "v=v1beta1") knownVersion = true;
        }
        if (target is null) return ResponseForm.Object;
        if (!metaGroup || !knownVersion) return null;
        return target switch
        {
            "Table" => ResponseForm.Table,
            "PartialObjectMetadata" => ResponseForm.Metadata,
            "PartialObjectMetadataList" => ResponseForm.MetadataList,
            _ => null,
        };
    }
}
