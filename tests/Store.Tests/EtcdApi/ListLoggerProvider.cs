using Cluster.Store.Tests.Etcd;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.Tests.EtcdApi;

/// <summary>Hands one <see cref="ListLogger"/> to every category, so a test sees everything a component logged.</summary>
public sealed class ListLoggerProvider(ListLogger logger) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}
