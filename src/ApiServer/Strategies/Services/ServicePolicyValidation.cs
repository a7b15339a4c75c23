using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Services;

/// <summary>Load balancer fields and traffic policies of a service (ValidateService's later checks, v1.32).</summary>
internal static class ServicePolicyValidation
{
    private const string OnlyLoadBalancer = "may only be used when `type` is 'LoadBalancer'";

    public static void ValidateLoadBalancerFields(JsonObject svc, JsonObject? spec, string type, FieldPath path, List<FieldError> errs)
    {
        var ranges = Node.Strings(Node.Arr(spec, "loadBalancerSourceRanges"));
        if (ranges.Count > 0)
        {
            var rangesPath = path.Child("LoadBalancerSourceRanges");
            if (type != "LoadBalancer")
            {
                errs.Add(FieldError.Forbidden(rangesPath, OnlyLoadBalancer));
            }

            for (var i = 0; i < ranges.Count; i++)
            {
                if (!Formats.IsCidr(ranges[i].Trim()))
                {
                    errs.Add(FieldError.Invalid(rangesPath.Index(i), ranges[i].Trim(), Formats.CidrMessage));
                }
            }
        }
        else if (Node.Str(Node.Obj(Node.Obj(svc, "metadata"), "annotations"), "service.beta.kubernetes.io/load-balancer-source-ranges") is not null
                 && type != "LoadBalancer")
        {
            errs.Add(FieldError.Forbidden(FieldPath.Root("metadata", "annotations").Key("service.beta.kubernetes.io/load-balancer-source-ranges"), OnlyLoadBalancer));
        }

        if (Node.Has(spec, "allocateLoadBalancerNodePorts") && type != "LoadBalancer")
        {
            errs.Add(FieldError.Forbidden(path.Child("allocateLoadBalancerNodePorts"), OnlyLoadBalancer));
        }

        if (type == "LoadBalancer" && !Node.Has(spec, "allocateLoadBalancerNodePorts"))
        {
            errs.Add(FieldError.Required(FieldPath.Root("allocateLoadBalancerNodePorts"), string.Empty));
        }

        if (Node.Str(spec, "loadBalancerClass") is { } lbClass)
        {
            if (type != "LoadBalancer")
            {
                errs.Add(FieldError.Forbidden(path.Child("loadBalancerClass"), OnlyLoadBalancer));
            }

            SchedulingValidation.LabelName(lbClass, path.Child("loadBalancerClass"), errs);
        }
    }

    public static void ValidateTrafficPolicies(JsonObject? spec, string type, FieldPath path, List<FieldError> errs)
    {
        var external = Node.S(spec, "externalTrafficPolicy");
        if (!ServiceDefaults.IsExternallyAccessible(spec))
        {
            if (external.Length > 0)
            {
                errs.Add(FieldError.Invalid(path.Child("externalTrafficPolicy"), external, "may only be set for externally-accessible services"));
            }
        }
        else if (external.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("externalTrafficPolicy"), string.Empty));
        }
        else if (external is not ("Cluster" or "Local"))
        {
            errs.Add(FieldError.NotSupported(path.Child("externalTrafficPolicy"), external, ["Cluster", "Local"]));
        }

        var healthCheck = Node.Int(spec, "healthCheckNodePort") ?? 0;
        if (!(type == "LoadBalancer" && external == "Local") && healthCheck != 0)
        {
            errs.Add(FieldError.Invalid(path.Child("healthCheckNodePort"), healthCheck, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
        }
        else if (healthCheck != 0)
        {
            foreach (var msg in Formats.PortNum(healthCheck))
            {
                errs.Add(FieldError.Invalid(path.Child("healthCheckNodePort"), healthCheck, msg));
            }
        }

        var internalPolicy = Node.Str(spec, "internalTrafficPolicy");
        if (internalPolicy is null && type is "NodePort" or "LoadBalancer" or "ClusterIP")
        {
            errs.Add(FieldError.Required(path.Child("internalTrafficPolicy"), string.Empty));
        }
        else if (internalPolicy is not null && internalPolicy is not ("Cluster" or "Local"))
        {
            errs.Add(FieldError.NotSupported(path.Child("internalTrafficPolicy"), internalPolicy, ["Cluster", "Local"]));
        }

        if (Node.Str(spec, "trafficDistribution") is { } distribution && distribution != "PreferClose")
        {
            errs.Add(FieldError.NotSupported(path.Child("trafficDistribution"), distribution, ["PreferClose"]));
        }
    }
}
