namespace Cluster.ApiServer.Errors;

/// <summary>Builds the <see cref="ApiException"/>s of the Kubernetes API, with upstream's reasons and message texts.</summary>
public static class ApiErrors
{
    public static ApiException NotFound(GroupResource resource, string name) =>
        new(404, "NotFound", $"{resource} \"{name}\" not found", new StatusDetails(name, resource.Group, resource.Resource));

    public static ApiException AlreadyExists(GroupResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource} \"{name}\" already exists", new StatusDetails(name, resource.Group, resource.Resource));

    public static ApiException Conflict(GroupResource resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": {why}",
            new StatusDetails(name, resource.Group, resource.Resource));

    public const string ObjectModified = "the object has been modified; please apply your changes to the latest version and try again";

    /// <summary>422: <c>Kind.group "name" is invalid: field: problem, ...</c>.</summary>
    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<StatusCause> causes)
    {
        var qualified = group.Length == 0 ? kind : $"{kind}.{group}";
        var text = causes.Count switch
        {
            0 => "",
            1 => Describe(causes[0]),
            _ => "[" + string.Join(", ", causes.Select(Describe)) + "]",
        };
        return new ApiException(422, "Invalid", $"{qualified} \"{name}\" is invalid: {text}",
            new StatusDetails(name, group, kind, Causes: causes));

        static string Describe(StatusCause c) => c.Field is { Length: > 0 } f ? $"{f}: {c.Message}" : c.Message;
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException Forbidden(GroupResource resource, string name, string why) =>
        new(403, "Forbidden", name.Length == 0 ? $"{resource} is forbidden: {why}" : $"{resource} \"{name}\" is forbidden: {why}",
            new StatusDetails(name.Length == 0 ? null : name, resource.Group, resource.Resource));

    public static ApiException PathNotFound() => new(404, "NotFound", "the server could not find the requested resource");

    public static ApiException MethodNotAllowed(string verb, GroupResource resource) =>
        new(405, "MethodNotAllowed", $"{verb} is not supported on resources of kind \"{resource}\"",
            new StatusDetails(Group: resource.Group, Kind: resource.Resource));

    /// <summary>410 Expired: a resourceVersion older than the retained history.</summary>
    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException Gone(string message) => new(410, "Gone", message);

    public static ApiException RequestEntityTooLarge(long limit) =>
        new(413, "RequestEntityTooLarge", $"the request body is too large: the limit is {limit} bytes");

    public static ApiException UnsupportedMediaType(string contentType, IEnumerable<string> supported) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", supported)}");

    public static ApiException NotAcceptable(string accept) =>
        new(406, "NotAcceptable", $"the server was unable to respond with a content type that the client supports ({accept})");

    public static ApiException TooManyRequests(int retryAfterSeconds) =>
        new(429, "TooManyRequests", "Too many requests, please try again later.", new StatusDetails(RetryAfterSeconds: retryAfterSeconds))
        {
            RetryAfterSeconds = retryAfterSeconds,
        };

    public static ApiException ServiceUnavailable(string message, int? retryAfterSeconds = null) =>
        new(503, "ServiceUnavailable", message, retryAfterSeconds is null ? null : new StatusDetails(RetryAfterSeconds: retryAfterSeconds))
        {
            RetryAfterSeconds = retryAfterSeconds,
        };

    public static ApiException Timeout(string message) => new(504, "Timeout", message);

    public static ApiException Internal(string message) => new(500, "InternalError", $"Internal error occurred: {message}");
}
