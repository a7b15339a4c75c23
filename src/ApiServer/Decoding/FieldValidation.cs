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
        if (api.SchemaFor(req.Resource) is not { } schema) return;
        var r = req.Resource;
        var prefix = $"{r.Kind} in version \"{r.Version}\" cannot be handled as a {r.Kind}: ";
        var result = SchemaCheck.Check(obj, schema);
        // A custom resource decodes into unstructured JSON, so a wrong type is its schema validation's 422, not a 400.
        if (result.TypeErrors.Count > 0 && !r.IsCustom) throw ApiErrors.BadRequest(prefix + string.Join(", ", result.TypeErrors));
        if (mode == "Ignore") return;
        var problems = duplicates.Select(d => $"duplicate field \"{d}\"").Concat(result.UnknownFields.Select(u => $"unknown field \"{u}\"")).ToList();
        if (problems.Count == 0) return;
        if (mode == "Strict") throw ApiErrors.BadRequest(prefix + "strict decoding error: " + string.Join(", ", problems));
        foreach (var problem in problems.Take(MaxWarnings)) Responses.AddWarning(req.Http, problem);
    }
}
