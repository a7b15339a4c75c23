namespace Cluster.Runtime.Controllers;

/// <summary>A controller of any kind, as the runtime runs it.</summary>
public interface IController
{
    string Name { get; }

    /// <summary>
    /// Runs until <paramref name="stop"/> (graceful: in-flight reconciles get up to <paramref name="shutdownTimeout"/>
    /// to finish, then are cancelled) or <paramref name="abort"/> (in-flight reconciles are cancelled at once, e.g.
    /// when leadership is lost).
    /// </summary>
    Task RunAsync(TimeSpan shutdownTimeout, CancellationToken abort, CancellationToken stop);
}
