using System.Text.Json.Nodes;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>
/// core/v1 defaulting of one container (regular, init or ephemeral): SetDefaults_Container, the declarative
/// port protocol, env fieldRef apiVersion, resource lists, probes and lifecycle handlers.
/// </summary>
internal static class ContainerDefaults
{
    public static void Apply(JsonObject c)
    {
        if (string.IsNullOrEmpty(Node.Str(c, "imagePullPolicy")))
        {
            c["imagePullPolicy"] = ImageReference.DefaultPullPolicy(Node.S(c, "image"));
        }

        Node.DefaultString(c, "terminationMessagePath", "/dev/termination-log");
        Node.DefaultString(c, "terminationMessagePolicy", "File");

        foreach (var (port, _) in Node.Objects(Node.Arr(c, "ports")))
        {
            Node.DefaultString(port, "protocol", "TCP");
        }

        foreach (var (env, _) in Node.Objects(Node.Arr(c, "env")))
        {
            if (Node.Obj(Node.Obj(env, "valueFrom"), "fieldRef") is { } fieldRef)
            {
                Node.DefaultString(fieldRef, "apiVersion", "v1");
            }
        }

        // Go always serializes the (non-pointer) resources struct, so a real server returns "resources": {}.
        var resources = Node.Ensure(c, "resources");
        ResourceQuantities.Canonicalize(Node.Obj(resources, "limits"));
        ResourceQuantities.Canonicalize(Node.Obj(resources, "requests"));

        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (Node.Obj(c, probe) is { } p)
            {
                ApplyProbe(p);
            }
        }

        if (Node.Obj(c, "lifecycle") is { } lifecycle)
        {
            foreach (var hook in new[] { "postStart", "preStop" })
            {
                if (Node.Obj(Node.Obj(lifecycle, hook), "httpGet") is { } httpGet)
                {
                    ApplyHttpGet(httpGet);
                }
            }
        }
    }

    /// <summary>Copies limits into missing requests (SetDefaults_Pod; pods only, not templates).</summary>
    public static void DefaultRequestsFromLimits(JsonObject c)
    {
        if (Node.Obj(Node.Obj(c, "resources"), "limits") is not { } limits)
        {
            return;
        }

        var requests = Node.Ensure(Node.Ensure(c, "resources"), "requests");
        foreach (var (name, value) in limits)
        {
            if (!requests.ContainsKey(name) && value is not null)
            {
                requests[name] = value.DeepClone();
            }
        }
    }

    private static void ApplyProbe(JsonObject p)
    {
        Node.DefaultNonZero(p, "timeoutSeconds", 1);
        Node.DefaultNonZero(p, "periodSeconds", 10);
        Node.DefaultNonZero(p, "successThreshold", 1);
        Node.DefaultNonZero(p, "failureThreshold", 3);
        if (Node.Obj(p, "httpGet") is { } httpGet)
        {
            ApplyHttpGet(httpGet);
        }

        if (Node.Obj(p, "grpc") is { } grpc)
        {
            Node.Default(grpc, "service", string.Empty);
        }
    }

    private static void ApplyHttpGet(JsonObject httpGet)
    {
        Node.DefaultString(httpGet, "path", "/");
        Node.DefaultString(httpGet, "scheme", "HTTP");
    }
}
