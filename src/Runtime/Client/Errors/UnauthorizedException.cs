using System.Net;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client.Errors;

/// <summary>401: no or bad credentials.</summary>
public sealed class UnauthorizedException(HttpStatusCode code, Status status) : ApiException(code, status);
