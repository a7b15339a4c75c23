// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for networking.v1: field number, JSON name, value kind.</summary>
internal static class NetworkingV1Schema
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("networking.v1.HTTPIngressPath")
            .Str(1, "path")
            .Str(3, "pathType", KeepZero)
            .Msg(2, "backend", "networking.v1.IngressBackend");

        b.Add("networking.v1.HTTPIngressRuleValue")
            .Msg(1, "paths", "networking.v1.HTTPIngressPath", Repeated);

        b.Add("networking.v1.IPBlock")
            .Str(1, "cidr", KeepZero)
            .Str(2, "except", Repeated);

        b.Add("networking.v1.Ingress")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "networking.v1.IngressSpec")
            .Msg(3, "status", "networking.v1.IngressStatus");

        b.Add("networking.v1.IngressBackend")
            .Msg(4, "service", "networking.v1.IngressServiceBackend")
            .Msg(3, "resource", "core.v1.TypedLocalObjectReference");

        b.Add("networking.v1.IngressClass")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "networking.v1.IngressClassSpec");

        b.Add("networking.v1.IngressClassParametersReference")
            .Str(1, "apiGroup", KeepZero)
            .Str(2, "kind", KeepZero)
            .Str(3, "name", KeepZero)
            .Str(4, "scope", KeepZero)
            .Str(5, "namespace", KeepZero);

        b.Add("networking.v1.IngressClassSpec")
            .Str(1, "controller")
            .Msg(2, "parameters", "networking.v1.IngressClassParametersReference");

        b.Add("networking.v1.IngressLoadBalancerIngress")
            .Str(1, "ip")
            .Str(2, "hostname")
            .Msg(4, "ports", "networking.v1.IngressPortStatus", Repeated);

        b.Add("networking.v1.IngressLoadBalancerStatus")
            .Msg(1, "ingress", "networking.v1.IngressLoadBalancerIngress", Repeated);

        b.Add("networking.v1.IngressPortStatus")
            .Int32(1, "port", KeepZero)
            .Str(2, "protocol", KeepZero)
            .Str(3, "error", KeepZero);

        b.Add("networking.v1.IngressRule")
            .Str(1, "host")
            .Inline(2, "networking.v1.IngressRuleValue");

        b.Add("networking.v1.IngressRuleValue")
            .Msg(1, "http", "networking.v1.HTTPIngressRuleValue");

        b.Add("networking.v1.IngressServiceBackend")
            .Str(1, "name", KeepZero)
            .Msg(2, "port", "networking.v1.ServiceBackendPort");

        b.Add("networking.v1.IngressSpec")
            .Str(4, "ingressClassName", KeepZero)
            .Msg(1, "defaultBackend", "networking.v1.IngressBackend")
            .Msg(2, "tls", "networking.v1.IngressTLS", Repeated)
            .Msg(3, "rules", "networking.v1.IngressRule", Repeated);

        b.Add("networking.v1.IngressStatus")
            .Msg(1, "loadBalancer", "networking.v1.IngressLoadBalancerStatus");

        b.Add("networking.v1.IngressTLS")
            .Str(1, "hosts", Repeated)
            .Str(2, "secretName");

        b.Add("networking.v1.NetworkPolicy")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "networking.v1.NetworkPolicySpec");

        b.Add("networking.v1.NetworkPolicyEgressRule")
            .Msg(1, "ports", "networking.v1.NetworkPolicyPort", Repeated)
            .Msg(2, "to", "networking.v1.NetworkPolicyPeer", Repeated);

        b.Add("networking.v1.NetworkPolicyIngressRule")
            .Msg(1, "ports", "networking.v1.NetworkPolicyPort", Repeated)
            .Msg(2, "from", "networking.v1.NetworkPolicyPeer", Repeated);

        b.Add("networking.v1.NetworkPolicyPeer")
            .Msg(1, "podSelector", "meta.v1.LabelSelector")
            .Msg(2, "namespaceSelector", "meta.v1.LabelSelector")
            .Msg(3, "ipBlock", "networking.v1.IPBlock");

        b.Add("networking.v1.NetworkPolicyPort")
            .Str(1, "protocol", KeepZero)
            .IntOrString(2, "port")
            .Int32(3, "endPort", KeepZero);

        b.Add("networking.v1.NetworkPolicySpec")
            .Msg(1, "podSelector", "meta.v1.LabelSelector")
            .Msg(2, "ingress", "networking.v1.NetworkPolicyIngressRule", Repeated)
            .Msg(3, "egress", "networking.v1.NetworkPolicyEgressRule", Repeated)
            .Str(4, "policyTypes", Repeated);

        b.Add("networking.v1.ServiceBackendPort")
            .Str(1, "name")
            .Int32(2, "number");
    }
}
