using System.Net;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client.Errors;

/// <summary>403 Forbidden: not allowed, or refused by policy (e.g. creating in a terminating namespace).</summary>
public sealed class ForbiddenException(HttpStatusCode code, Status status) : ApiException(code, status);
