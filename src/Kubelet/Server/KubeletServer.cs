using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Server;

/// <summary>
/// The kubelet's HTTPS API (what the API server proxies <c>kubectl logs/exec/attach/port-forward</c> to): Kestrel on
/// the node's address with a self-signed serving certificate, answering only callers whose client certificate the
/// cluster CA signed for the API server (<see cref="ApiServerClientCheck"/>). HTTP/1.1 only, since the streaming
/// endpoints are upgrades. Dispose to stop it.
/// </summary>
public sealed class KubeletServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KubeletServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The port it listens on (the one picked when the settings asked for 0).</summary>
    public int Port { get; }

    public static async Task<KubeletServer> StartAsync(KubeletServerSettings settings, IContainerLocator locator, ILoggerFactory loggers, TimeProvider? time = null,
        IStatsProvider? stats = null, CancellationToken ct = default)
    {
        var certificate = ServingCertificate.LoadOrCreate(settings.CertificateDirectory, settings.CertificateNames);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MinResponseDataRate = null; // followed logs idle for long stretches
            kestrel.Listen(settings.Bind, settings.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    // Checked per request (ApiServerClientCheck) so that a wrong certificate gets a 403, not a dropped handshake.
                    ClientCertificateValidation = (_, _, _) => true,
                });
            });
        });
        var app = builder.Build();
        app.UseWebSockets();
        var api = new KubeletApi(new ApiServerClientCheck(settings.ClusterCa), locator, settings.ShimPath, time ?? TimeProvider.System, loggers.CreateLogger("kubelet-server"), stats);
        app.Run(api.HandleAsync);
        await app.StartAsync(ct);
        return new KubeletServer(app, new Uri(app.Urls.First()).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync();
    }
}
