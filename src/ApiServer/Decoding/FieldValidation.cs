using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Handlers;
using Cluster.ApiServer.Http;

namespace Cluster.ApiServer.Decoding;

/// <summary>
/// Applies the request's <c>fieldValidation</c> to an incoming object: values of the wrong type are always a 400;
/// unknown and duplicate fields are a 400 under Strict, a <c>Warning</c> header each under Warn (the default), and
/// silently dropped under Ignore. Unknown fields are never stored.
/// </summary>
public static class FieldValidation
{
    private const int MaxWarnings = 20;

    public static void Apply(ApiRequest req, ApiServices api, JsonObject obj, IReadOnlyList<string> duplicates)
    {
        var mode = req.FieldValidation;
        var r = req.Resource;
        SchemaCheckResult result;
        // A custom resource decodes into unstructured JSON: its fields are pruned, and a wrong type is its schema validation's 422.
        if (r.Custom is { } custom) result = CustomResources.SchemaPruner.Prune(obj, custom.Schema, api.Schemas.ObjectMeta);
        else if (api.SchemaFor(r) is { } schema) result = SchemaCheck.Check(obj, schema);
        else return;
        var prefix = $"{r.Kind} in version \"{r.Version}\" cannot be handled as a {r.Kind}: ";
        if (result.TypeErrors.Count > 0) throw ApiErrors.BadRequest(prefix + string.Join(", ", result.TypeErrors));
        if (mode == "Ignore") return;
        var problems = duplicates.Select(d => $"duplicate field \"{d}\"").Concat(result.UnknownFields.Select(u => $"unknown field \"{u}\"")).ToList();
        if (problems.Count == 0) return;
        if (mode == "Strict") throw ApiErrors.BadRequest(prefix + "strict decoding error: " + string.Join(", ", problems));
        foreach (var problem in problems.Take(MaxWarnings)) Responses.AddWarning(req.Http, problem);
    }
}
