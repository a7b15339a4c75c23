using System.Text.Json.Nodes;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>
/// core/v1 defaulting of a PodSpec (SetDefaults_PodSpec with its volumes and containers), of a
/// PodTemplateSpec (as embedded in workloads) and the pod-only additions of SetDefaults_Pod.
/// </summary>
public static class PodSpecDefaults
{
    /// <summary>Defaults a PodTemplateSpec in place; null is ignored.</summary>
    public static void ApplyTemplate(JsonObject? template)
    {
        if (template is null)
        {
            return;
        }

        TemplateMetadata(template);
        ApplySpec(Node.Ensure(template, "spec"));
    }

    /// <summary>
    /// Adds <c>creationTimestamp: null</c> to an embedded object's metadata, as a v1.32 server prints the zero
    /// time of templates (pod templates, job templates, claim templates).
    /// </summary>
    public static void TemplateMetadata(JsonObject template)
    {
        var meta = Node.Ensure(template, "metadata");
        if (!meta.ContainsKey("creationTimestamp"))
        {
            meta["creationTimestamp"] = null;
        }
    }

    /// <summary>Defaults shared by pods and pod templates.</summary>
    public static void ApplySpec(JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Node.DefaultString(spec, "dnsPolicy", "ClusterFirst");
        Node.DefaultString(spec, "restartPolicy", "Always");
        Node.Default(spec, "securityContext", new JsonObject());
        Node.Default(spec, "terminationGracePeriodSeconds", 30);
        Node.DefaultString(spec, "schedulerName", "default-scheduler");

        // The v1 conversion keeps the deprecated serviceAccount field in step with serviceAccountName.
        var sa = Node.S(spec, "serviceAccountName");
        if (sa.Length == 0 && Node.S(spec, "serviceAccount") is { Length: > 0 } legacy)
        {
            spec["serviceAccountName"] = legacy;
        }
        else if (sa.Length > 0)
        {
            spec["serviceAccount"] = sa;
        }

        foreach (var (volume, _) in Node.Objects(Node.Arr(spec, "volumes")))
        {
            VolumeDefaults.Apply(volume);
        }

        foreach (var list in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            foreach (var (c, _) in Node.Objects(Node.Arr(spec, list)))
            {
                ContainerDefaults.Apply(c);
            }
        }

        ResourceQuantities.Canonicalize(Node.Obj(spec, "overhead"));
    }

    /// <summary>SetDefaults_Pod then the spec defaults: requests from limits, service links, host-network ports.</summary>
    public static void ApplyPod(JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var (c, _) in Node.Objects(Node.Arr(spec, list)))
            {
                ContainerDefaults.DefaultRequestsFromLimits(c);
            }
        }

        Node.Default(spec, "enableServiceLinks", true);
        if (Node.Bool(spec, "hostNetwork") == true)
        {
            foreach (var list in new[] { "containers", "initContainers" })
            {
                foreach (var (c, _) in Node.Objects(Node.Arr(spec, list)))
                {
                    foreach (var (port, _) in Node.Objects(Node.Arr(c, "ports")))
                    {
                        if ((Node.Int(port, "hostPort") ?? 0) == 0 && port["containerPort"] is { } containerPort)
                        {
                            port["hostPort"] = containerPort.DeepClone();
                        }
                    }
                }
            }
        }

        ApplySpec(spec);
    }
}
