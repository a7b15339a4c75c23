// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for authentication.v1 (TokenRequest, which `kubectl create token` sends).</summary>
internal static class AuthenticationV1Schema
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("authentication.v1.TokenRequest")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "authentication.v1.TokenRequestSpec")
            .Msg(3, "status", "authentication.v1.TokenRequestStatus");
        b.Add("authentication.v1.TokenRequestSpec")
            .Str(1, "audiences", Repeated)
            .Msg(3, "boundObjectRef", "authentication.v1.BoundObjectReference")
            .Int64(4, "expirationSeconds");
        b.Add("authentication.v1.BoundObjectReference")
            .Str(1, "kind")
            .Str(2, "apiVersion")
            .Str(3, "name")
            .Str(4, "uid");
        b.Add("authentication.v1.TokenRequestStatus")
            .Str(1, "token")
            .Time(2, "expirationTimestamp");
    }
}
