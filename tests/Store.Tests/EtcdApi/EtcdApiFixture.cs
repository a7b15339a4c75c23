using System.Net;
using Cluster.Store.Embedded;
using Cluster.Store.Etcd;
using Cluster.Store.EtcdApi;
using Cluster.Store.Tests.Etcd;
using Cluster.TestKit;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.Tests.EtcdApi;

/// <summary>
/// A fresh embedded store (temp directory) served by an <see cref="EtcdApiServer"/> on a free loopback port. Used as an
/// xunit class fixture (default options), or started by a test with options of its own.
/// </summary>
public sealed class EtcdApiFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("etcd-api");
    private readonly Func<EtcdApiServerOptions, EtcdApiServerOptions> _configure;
    private readonly ILoggerFactory _loggers;

    public EtcdApiFixture()
        : this(o => o)
    {
    }

    private EtcdApiFixture(Func<EtcdApiServerOptions, EtcdApiServerOptions> configure)
    {
        _configure = configure;
        _loggers = LoggerFactory.Create(b => b.AddProvider(new ListLoggerProvider(Log)).SetMinimumLevel(LogLevel.Debug));
    }

    /// <summary>Everything the server logged.</summary>
    public ListLogger Log { get; } = new();

    public EmbeddedStore Store { get; private set; } = null!;

    public EtcdApiServer Server { get; private set; } = null!;

    public Uri Address => Server.Address;

    public EtcdApiServerOptions Options { get; private set; } = null!;

    /// <summary>Starts a server of its own for one test, with <paramref name="configure"/> applied to the default options.</summary>
    public static async Task<EtcdApiFixture> StartAsync(Func<EtcdApiServerOptions, EtcdApiServerOptions> configure)
    {
        var fixture = new EtcdApiFixture(configure);
        await fixture.InitializeAsync();
        return fixture;
    }

    public async Task InitializeAsync()
    {
        Store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = _dir.Path, LeaseCheckInterval = TimeSpan.FromMilliseconds(100) });
        Options = _configure(new EtcdApiServerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) });
        Server = await EtcdApiServer.StartAsync(Store, Options, _loggers);
    }

    /// <summary>An etcd engine client of the server (the caller disposes it).</summary>
    public EtcdStore Connect() => EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [Address] });

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        if (Store is not null) await Store.DisposeAsync();
        _loggers.Dispose();
        _dir.Dispose();
    }
}
