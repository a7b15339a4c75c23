using System.Text.Json.Nodes;
using Cluster.Api.Validation;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// The checks apiextensions-apiserver makes of an <c>x-kubernetes-embedded-resource</c> object (a whole Kubernetes
/// object inside a custom resource, like a pod template): apiVersion and kind are required and well-formed, and a
/// metadata name, if given, is a DNS subdomain. Pure.
/// </summary>
public static class EmbeddedResources
{
    /// <summary>The fields an embedded resource always has, whatever its schema declares.</summary>
    public static readonly IReadOnlySet<string> ImpliedFields = new HashSet<string>(StringComparer.Ordinal) { "apiVersion", "kind", "metadata" };

    public static void Validate(JsonObject o, string path, List<FieldError> errors)
    {
        var prefix = path.Length == 0 ? "" : path + ".";
        switch (o["apiVersion"])
        {
            case null when !o.ContainsKey("apiVersion"):
                errors.Add(FieldError.Required(FieldPath.Root(prefix + "apiVersion"), "must not be empty"));
                break;
            case JsonValue v when v.TryGetValue<string>(out var apiVersion):
                if (apiVersion.Length == 0) errors.Add(FieldError.Invalid(FieldPath.Root(prefix + "apiVersion"), apiVersion, "must not be empty"));
                else if (apiVersion.Count(c => c == '/') > 1 || apiVersion.StartsWith('/') || apiVersion.EndsWith('/'))
                    errors.Add(FieldError.Invalid(FieldPath.Root(prefix + "apiVersion"), apiVersion, $"unexpected GroupVersion string: {apiVersion}"));
                break;
            default:
                errors.Add(FieldError.TypeInvalid(FieldPath.Root(prefix + "apiVersion"), OpenApiValidator.Go(o["apiVersion"]), "must be a string"));
                break;
        }
        switch (o["kind"])
        {
            case null when !o.ContainsKey("kind"):
                errors.Add(FieldError.Required(FieldPath.Root(prefix + "kind"), "must not be empty"));
                break;
            case JsonValue v when v.TryGetValue<string>(out var kind):
                if (kind.Length == 0) errors.Add(FieldError.Invalid(FieldPath.Root(prefix + "kind"), kind, "must not be empty"));
                else if (NameValidation.IsDns1035Label(kind.ToLowerInvariant()).Count > 0)
                    errors.Add(FieldError.Invalid(FieldPath.Root(prefix + "kind"), kind, "may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?"));
                break;
            default:
                errors.Add(FieldError.TypeInvalid(FieldPath.Root(prefix + "kind"), OpenApiValidator.Go(o["kind"]), "must be a string"));
                break;
        }
        if (o["metadata"] is JsonObject meta && meta["name"] is JsonValue n && n.TryGetValue<string>(out var name) && name.Length > 0)
        {
            foreach (var message in NameValidation.IsDns1123Subdomain(name))
                errors.Add(FieldError.Invalid(FieldPath.Root(prefix + "metadata.name"), name, message));
        }
    }
}
