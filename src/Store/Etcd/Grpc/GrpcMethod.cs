using Google.Protobuf;

namespace Cluster.Store.Etcd.Grpc;

/// <summary>One gRPC method: its HTTP path (<c>/package.Service/Method</c>) and how to parse its responses.</summary>
internal sealed record GrpcMethod<TRequest, TResponse>(string Path, MessageParser<TResponse> ResponseParser)
    where TRequest : IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>;
