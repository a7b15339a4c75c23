using System.Net;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client.Errors;

/// <summary>400: a malformed request.</summary>
public sealed class BadRequestException(HttpStatusCode code, Status status) : ApiException(code, status);
