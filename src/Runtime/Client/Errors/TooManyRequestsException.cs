using System.Net;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client.Errors;

/// <summary>429 after every retry was used up.</summary>
public sealed class TooManyRequestsException(HttpStatusCode code, Status status) : ApiException(code, status);
