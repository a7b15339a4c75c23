using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.OpenApi;

/// <summary>
/// <c>/openapi/v3</c> (the index), <c>/openapi/v3/&lt;gv&gt;?hash=</c> (immutable when the hash matches, a 301 to the
/// current URL when it does not, as kube-openapi does) and <c>/openapi/v2</c> (JSON only), for the registry served now.
/// </summary>
public sealed class OpenApiEndpoints(OpenApiDocuments documents, ApiServices api)
{
    public async Task HandleAsync(HttpContext http, string path)
    {
        var snapshot = documents.For(api.Registry);
        if (http.Request.Method is not ("GET" or "HEAD")) throw ApiErrors.MethodNotAllowed(http.Request.Method, new GroupResource("", "openapi"));
        if (path is "/openapi/v3" or "/openapi/v3/")
        {
            await Responses.WriteBytesAsync(http, 200, snapshot.Index);
            return;
        }
        if (path == "/openapi/v2")
        {
            var accept = http.Request.Headers.Accept.ToString();
            if (accept.Length > 0 && !accept.Contains("json", StringComparison.Ordinal) && !accept.Contains("*/*", StringComparison.Ordinal))
                throw ApiErrors.NotAcceptable(accept);
            await Responses.WriteBytesAsync(http, 200, snapshot.V2);
            return;
        }
        if (!path.StartsWith("/openapi/v3/", StringComparison.Ordinal) || snapshot.Find(path["/openapi/v3/".Length..]) is not { } doc)
            throw ApiErrors.PathNotFound();

        var hash = http.Request.Query["hash"].ToString();
        if (hash.Length > 0 && hash != doc.Hash)
        {
            http.Response.StatusCode = 301;
            http.Response.Headers.Location = $"/openapi/v3/{doc.Path}?hash={doc.Hash}";
            return;
        }
        if (hash.Length > 0)
        {
            http.Response.Headers.CacheControl = "public, immutable";
            http.Response.Headers.Expires = DateTimeOffset.UtcNow.AddYears(1).ToString("R");
        }
        http.Response.Headers.ETag = $"\"{doc.Hash}\"";
        http.Response.Headers.Vary = "Accept";
        await Responses.WriteBytesAsync(http, 200, doc.Content);
    }
}
