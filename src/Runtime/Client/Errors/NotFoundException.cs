using System.Net;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client.Errors;

/// <summary>404: the object (or its namespace, or the resource) does not exist.</summary>
public sealed class NotFoundException(HttpStatusCode code, Status status) : ApiException(code, status);
