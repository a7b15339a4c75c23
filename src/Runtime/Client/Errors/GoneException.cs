using System.Net;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client.Errors;

/// <summary>410 Gone/Expired: the resourceVersion is older than the server keeps; relist.</summary>
public sealed class GoneException(HttpStatusCode code, Status status) : ApiException(code, status);
