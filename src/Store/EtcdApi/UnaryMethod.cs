using Cluster.Store.Etcd.Grpc;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// Adapts a handler of one etcd request to the request delegate of a unary gRPC method: reads the request message,
/// runs the handler within the call's <c>grpc-timeout</c>, writes the response and the status. Errors end the call with
/// the status <see cref="ErrorStatus"/> gives them; a client that goes away ends it quietly.
/// </summary>
internal static class UnaryMethod
{
    /// <summary>Longest deadline honoured; beyond it a call runs as if it had none (a timer cannot be set that far).</summary>
    private static readonly TimeSpan MaxDeadline = TimeSpan.FromDays(30);

    public static RequestDelegate For<TRequest, TResponse>(
        string path, MessageParser<TRequest> parser, Func<TRequest, CancellationToken, Task<TResponse>> handle,
        TimeProvider time, ILogger logger)
        where TRequest : class, IMessage<TRequest>
        where TResponse : IMessage =>
        context => InvokeAsync(context, path, parser, handle, time, logger);

    private static async Task InvokeAsync<TRequest, TResponse>(
        HttpContext context, string path, MessageParser<TRequest> parser, Func<TRequest, CancellationToken, Task<TResponse>> handle,
        TimeProvider time, ILogger logger)
        where TRequest : class, IMessage<TRequest>
        where TResponse : IMessage
    {
        if (!GrpcServerCall.Accept(context)) return;
        var aborted = context.RequestAborted;
        using var deadline = GrpcServerCall.Deadline(context) is { } timeout && timeout <= MaxDeadline
            ? new CancellationTokenSource(timeout, time)
            : null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, deadline?.Token ?? CancellationToken.None);
        GrpcStatus status;
        try
        {
            var request = await GrpcServerCall.ReadSingleAsync(context.Request.Body, parser, linked.Token);
            var response = await handle(request, linked.Token);
            await GrpcServerCall.WriteAsync(context.Response, response, linked.Token);
            status = new GrpcStatus(GrpcStatusCode.OK, "");
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            return; // the client is gone: nobody to answer
        }
        catch (OperationCanceledException) when (deadline?.IsCancellationRequested == true)
        {
            status = new GrpcStatus(GrpcStatusCode.DeadlineExceeded, "context deadline exceeded");
        }
        catch (Exception e)
        {
            status = GrpcServerCall.StatusOf(e, path, logger);
        }
        GrpcServerCall.Finish(context.Response, status);
    }
}
