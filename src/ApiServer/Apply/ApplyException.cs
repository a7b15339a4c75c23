namespace Cluster.ApiServer.Apply;

/// <summary>
/// A server-side apply request (or an object being tracked) is malformed: the server answers 400 Bad Request with
/// <see cref="Exception.Message"/>. Conflicts between managers are reported by <see cref="ApplyConflictException"/>.
/// </summary>
public sealed class ApplyException(string message) : Exception(message);
