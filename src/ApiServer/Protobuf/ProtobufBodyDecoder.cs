using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Http;

namespace Cluster.ApiServer.Protobuf;

/// <summary>Request bodies in the Kubernetes protobuf envelope (what <c>kubectl create &lt;generator&gt;</c> sends), as JSON objects.</summary>
public sealed class ProtobufBodyDecoder : IBodyDecoder
{
    public JsonObject Decode(ReadOnlySpan<byte> body)
    {
        try
        {
            return KubernetesProtobuf.Decode(body);
        }
        catch (ProtobufDecodeException e)
        {
            throw ApiErrors.BadRequest($"unable to decode the protobuf body: {e.Message}");
        }
    }
}
