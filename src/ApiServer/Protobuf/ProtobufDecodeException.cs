namespace Cluster.ApiServer.Protobuf;

/// <summary>Thrown by <see cref="KubernetesProtobuf.Decode"/> when a body is not a well-formed Kubernetes protobuf
/// envelope of a supported kind. The message says what is wrong and where; it is safe to return to the client
/// (for example in a 400 or 415 Status).</summary>
public sealed class ProtobufDecodeException : Exception
{
    public ProtobufDecodeException()
    {
    }

    public ProtobufDecodeException(string message)
        : base(message)
    {
    }

    public ProtobufDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
