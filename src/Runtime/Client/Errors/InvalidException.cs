using System.Net;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client.Errors;

/// <summary>422 Invalid: the object failed validation; <see cref="ApiException.Causes"/> name the fields.</summary>
public sealed class InvalidException(HttpStatusCode code, Status status) : ApiException(code, status);
