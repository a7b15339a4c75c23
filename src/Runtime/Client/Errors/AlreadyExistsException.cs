using System.Net;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client.Errors;

/// <summary>409 AlreadyExists: a create named an object that exists.</summary>
public sealed class AlreadyExistsException(HttpStatusCode code, Status status) : ApiException(code, status);
