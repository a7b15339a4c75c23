using Cluster.Store.Etcd.Grpc;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// Serves an <see cref="IKeyValueStore"/> over etcd's v3 gRPC API (KV, Watch and Lease), so that etcd clients, and
/// <c>EtcdStore</c>, can use it, as k3s's kine serves SQL databases. gRPC is spoken directly on Kestrel: cleartext HTTP/2
/// (prior knowledge), length-prefixed protobuf messages, status in the trailers.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Each request is mapped one to one onto the store, and the store's errors onto the statuses etcd answers with
/// (<see cref="ErrorStatus"/>), so an etcd client sees what etcd would show it. Request fields the store cannot honour
/// are refused with <c>INVALID_ARGUMENT</c> naming the field. Methods outside KV, Watch and Lease get
/// <c>UNIMPLEMENTED</c>.</item>
/// <item>Every response header carries the store revision and the stable <see cref="EtcdApiServerOptions.ClusterId"/>
/// and <see cref="EtcdApiServerOptions.MemberId"/>.</item>
/// <item>A Watch stream multiplexes any number of watches, each pumped by its own task into a bounded per-stream send
/// queue (see <see cref="WatchStream"/>); a client that stops reading costs the server a fixed amount of memory.</item>
/// <item>The server does not own the store: dispose the server first, then the store.</item>
/// </list>
/// Thread-safe.
/// </remarks>
public sealed class EtcdApiServer : IAsyncDisposable
{
    /// <summary>HTTP/2 streams one connection may have open; etcd (grpc-go) sets no limit, Kestrel's default is 100.</summary>
    private const int MaxStreamsPerConnection = 1000;

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly TimeSpan _shutdownTimeout;
    private readonly TimeProvider _time;
    private int _disposed;

    private EtcdApiServer(WebApplication app, CancellationTokenSource stopping, Uri address, TimeSpan shutdownTimeout, TimeProvider time)
    {
        _app = app;
        _stopping = stopping;
        Address = address;
        _shutdownTimeout = shutdownTimeout;
        _time = time;
    }

    /// <summary>The URL clients connect to, with the port actually bound (for example <c>http://127.0.0.1:2379</c>).</summary>
    public Uri Address { get; }

    /// <summary>Starts listening on <see cref="EtcdApiServerOptions.Endpoint"/> and serving <paramref name="store"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="IOException">The endpoint cannot be bound (for example, the port is in use).</exception>
    public static async Task<EtcdApiServer> StartAsync(
        IKeyValueStore store, EtcdApiServerOptions options, ILoggerFactory? loggers = null, TimeProvider? time = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        loggers ??= NullLoggerFactory.Instance;
        time ??= TimeProvider.System;

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton<IHostLifetime, OwnerControlledLifetime>();
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Streams live long and carry many messages: each message is bounded instead (GrpcServerCall).
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
            // Finds clients that vanished without closing, so their watches end.
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            kestrel.Listen(options.Endpoint, listen => listen.Protocols = HttpProtocols.Http2);
        });

        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        Map(app, store, options, loggers.CreateLogger<EtcdApiServer>(), time, stopping.Token);
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new EtcdApiServer(app, stopping, new Uri(bound), options.ShutdownTimeout, time);
    }

    /// <summary>
    /// Ends every open stream (watch and keep-alive streams end with <c>UNAVAILABLE</c>, so clients reconnect elsewhere),
    /// lets unary calls finish within <see cref="EtcdApiServerOptions.ShutdownTimeout"/>, and closes the listener.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync();
        using (var timeout = new CancellationTokenSource(_shutdownTimeout, _time))
            await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private static void Map(IEndpointRouteBuilder routes, IKeyValueStore store, EtcdApiServerOptions options, ILogger logger,
        TimeProvider time, CancellationToken stopping)
    {
        var headers = new ResponseHeaders(options.ClusterId, options.MemberId);
        var kv = new KvService(store, headers);
        var leases = new LeaseService(store, headers, logger);

        void Unary<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, CancellationToken, Task<TResponse>> handle)
            where TRequest : class, IMessage<TRequest>
            where TResponse : IMessage =>
            routes.MapPost(path, UnaryMethod.For(path, parser, handle, time, logger));

        Unary("/etcdserverpb.KV/Range", Pb.RangeRequest.Parser, kv.RangeAsync);
        Unary("/etcdserverpb.KV/Put", Pb.PutRequest.Parser, kv.PutAsync);
        Unary("/etcdserverpb.KV/DeleteRange", Pb.DeleteRangeRequest.Parser, kv.DeleteRangeAsync);
        Unary("/etcdserverpb.KV/Txn", Pb.TxnRequest.Parser, kv.TxnAsync);
        Unary("/etcdserverpb.KV/Compact", Pb.CompactionRequest.Parser, kv.CompactAsync);
        Unary("/etcdserverpb.Lease/LeaseGrant", Pb.LeaseGrantRequest.Parser, leases.GrantAsync);
        Unary("/etcdserverpb.Lease/LeaseRevoke", Pb.LeaseRevokeRequest.Parser, leases.RevokeAsync);
        Unary("/etcdserverpb.Lease/LeaseTimeToLive", Pb.LeaseTimeToLiveRequest.Parser, leases.TimeToLiveAsync);
        routes.MapPost(LeaseService.KeepAlivePath, context => leases.KeepAliveAsync(context, stopping));
        routes.MapPost(WatchStream.Path, context => WatchStream.ServeAsync(context, store, headers, options, time, logger, stopping));
        routes.MapFallback("{**path}", Unimplemented);
    }

    /// <summary>Any other method, etcd's other services included.</summary>
    private static Task Unimplemented(HttpContext context)
    {
        if (!GrpcServerCall.Accept(context)) return Task.CompletedTask;
        GrpcServerCall.Finish(context.Response, new GrpcStatus(GrpcStatusCode.Unimplemented, $"unknown method {context.Request.Path}"));
        return Task.CompletedTask;
    }
}
