using System.Net;
using Cluster.Store.Etcd.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.Tests.Etcd;

/// <summary>
/// An in-process HTTP/2 cleartext server (Kestrel) that answers like a gRPC server does, to test the call layer's
/// framing, trailers and status handling without etcd.
/// </summary>
public sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcTestServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The grpc-timeout header of the last request.</summary>
    public string? LastTimeout { get; private set; }

    public static async Task<GrpcTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        GrpcTestServer? server = null;
        app.Use(async (context, next) =>
        {
            server!.LastTimeout = context.Request.Headers["grpc-timeout"];
            await next(context);
        });
        app.MapPost("/test.Echo/Unary", EchoAsync);
        app.MapPost("/test.Echo/Stream", EchoAsync);
        app.MapPost("/test.Echo/TrailersOnly", context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "9";
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString("etcdserver: lease already exists");
            return Task.CompletedTask;
        });
        app.MapPost("/test.Echo/ErrorTrailer", async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.FlushAsync();
            context.Response.AppendTrailer("grpc-status", "11");
            context.Response.AppendTrailer("grpc-message", "etcdserver: mvcc: required revision has been compacted");
        });
        app.MapPost("/test.Echo/Unavailable", context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        app.MapPost("/test.Echo/Hang", async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new GrpcTestServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Sends every request frame back as it arrives, then ends with status OK.</summary>
    private static async Task EchoAsync(HttpContext context)
    {
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.FlushAsync();
        var header = new byte[GrpcFraming.HeaderSize];
        while (await context.Request.Body.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false) == header.Length)
        {
            var payload = new byte[(header[1] << 24) | (header[2] << 16) | (header[3] << 8) | header[4]];
            await context.Request.Body.ReadExactlyAsync(payload);
            await context.Response.Body.WriteAsync(header);
            await context.Response.Body.WriteAsync(payload);
            await context.Response.Body.FlushAsync();
        }
        context.Response.AppendTrailer("grpc-status", "0");
    }
}
