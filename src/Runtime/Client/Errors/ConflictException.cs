using System.Net;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client.Errors;

/// <summary>409 Conflict: the object changed since the resourceVersion given (re-read and retry), or an apply conflict.</summary>
public sealed class ConflictException(HttpStatusCode code, Status status) : ApiException(code, status);
