using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>Projected volumes (validateProjectedVolumeSource and validateProjectionSources, v1.32).</summary>
internal static class ProjectedVolumeValidation
{
    public static void Validate(JsonObject projected, FieldPath path, List<FieldError> errs)
    {
        if (Node.Int(projected, "defaultMode") is { } mode && mode is < 0 or > 511)
        {
            errs.Add(FieldError.Invalid(path.Child("defaultMode"), mode, "must be a number between 0 and 0777 (octal), both inclusive"));
        }

        var allPaths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (source, i) in Node.Objects(Node.Arr(projected, "sources")))
        {
            var count = 0;
            var p = path.Child("sources").Index(i);
            foreach (var kind in new[] { "secret", "configMap" })
            {
                if (Node.Obj(source, kind) is not { } projection)
                {
                    continue;
                }

                count++;
                var name = Node.S(projection, "name");
                if (name.Length == 0)
                {
                    errs.Add(FieldError.Required(p.Child(kind, "name"), string.Empty));
                }

                foreach (var (item, j) in Node.Objects(Node.Arr(projection, "items")))
                {
                    VolumeValidation.ValidateKeyToPath(item, p.Child(kind, "items").Index(j), errs);
                    var itemPath = Node.S(item, "path");
                    if (itemPath.Length > 0 && !allPaths.Add(itemPath))
                    {
                        errs.Add(FieldError.Invalid(path, name, "conflicting duplicate paths"));
                    }
                }
            }

            if (Node.Obj(source, "downwardAPI") is { } downward)
            {
                count++;
                VolumeValidation.ValidateDownwardApiItems(Node.Arr(downward, "items"), p.Child("downwardAPI", "items"), errs);
            }

            if (Node.Obj(source, "serviceAccountToken") is { } token)
            {
                count++;
                ValidateToken(token, p.Child("serviceAccountToken"), errs);
            }

            if (Node.Obj(source, "clusterTrustBundle") is not null)
            {
                count++;
            }

            if (count > 1)
            {
                errs.Add(FieldError.Forbidden(p, "may not specify more than 1 volume type per source"));
            }
        }
    }

    private static void ValidateToken(JsonObject token, FieldPath path, List<FieldError> errs)
    {
        if (Node.Int(token, "expirationSeconds") is { } seconds)
        {
            if (seconds < 600)
            {
                errs.Add(FieldError.Invalid(path.Child("expirationSeconds"), seconds, "may not specify a duration less than 10 minutes"));
            }

            if (seconds > 1L << 32)
            {
                errs.Add(FieldError.Invalid(path.Child("expirationSeconds"), seconds, "may not specify a duration larger than 2^32 seconds"));
            }
        }

        var tokenPath = Node.S(token, "path");
        if (tokenPath.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("path"), string.Empty));
        }
        else
        {
            VolumeValidation.ValidateLocalDescendingPath(tokenPath, path.Child("path"), errs);
        }
    }
}
