using Cluster.Store.Etcd;
using Cluster.Store.Etcd.Grpc;
using Google.Protobuf;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Tests.EtcdApi;

/// <summary>
/// The etcd engine's gRPC call layer pointed at a server, for tests that speak the etcd API directly: several watches on
/// one stream, requests the engine never sends, malformed frames. Owns its HTTP/2 client.
/// </summary>
internal sealed class RawGrpcClient : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;

    public RawGrpcClient(Uri address)
    {
        Address = address;
        _http = EtcdHttpClient.Create(new EtcdStoreOptions { Endpoints = [address] });
        Channel = new GrpcChannel(_http, address, TimeProvider.System);
    }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public Task<TResponse> CallAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Channel.UnaryAsync(method, request, Timeout, CancellationToken.None);

    /// <summary>Opens a Watch stream whose first request is <paramref name="first"/>.</summary>
    public async Task<RawWatchStream> WatchAsync(Pb.WatchRequest first) =>
        new(await Channel.StartDuplexAsync(EtcdMethods.Watch, first, Timeout, CancellationToken.None));

    /// <summary>POSTs <paramref name="body"/> as is to <paramref name="path"/>; the caller disposes the response.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string contentType = GrpcFraming.MediaType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, path))
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.ParseAdd("trailers");
        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}
