using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.ApiServer.Bench;

/// <summary>
/// The peer that sets the ceiling for request loads: Kestrel over the same TLS certificate doing no work at all (it
/// reads the body and answers 201 with a reply the size of a created ConfigMap). Runs as its own process, as the
/// real server does: this benchmark started again with <c>--null-server CERT KEY PORT</c>.
/// </summary>
internal static class NullServer
{
    private static readonly byte[] Reply = System.Text.Encoding.UTF8.GetBytes(
        "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"data\":{\"payload\":\"" + new string('x', 1400) + "\"}}");

    public static async Task RunAsync(string certFile, string keyFile, int port)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        using var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, listen => listen.UseHttps(certificate)));
        await using var app = builder.Build();
        app.Run(async http =>
        {
            var buffer = new byte[8192];
            while (await http.Request.Body.ReadAsync(buffer) > 0)
            {
            }
            http.Response.StatusCode = http.Request.Method == "POST" ? 201 : 200;
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = Reply.Length;
            await http.Response.Body.WriteAsync(Reply);
        });
        await app.RunAsync();
    }

    /// <summary>Starts the null server as a child process on <paramref name="port"/> and waits until it accepts connections.</summary>
    public static async Task<Process> StartAsync(string certFile, string keyFile, int port)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        foreach (var arg in (string[])[typeof(NullServer).Assembly.Location, "--null-server", certFile, keyFile, port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return process;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }
}
