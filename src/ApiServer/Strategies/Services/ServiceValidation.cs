using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Services;

/// <summary>ValidateService (v1.32): ports, types, session affinity, cluster IPs and families, traffic policies.</summary>
internal static class ServiceValidation
{
    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

    public static List<FieldError> Validate(JsonObject svc)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(svc, "spec");
        var path = FieldPath.Root("spec");
        var type = Node.S(spec, "type");
        var headless = ServiceDefaults.IsHeadless(spec);
        var ports = Node.Objects(Node.Arr(spec, "ports")).ToList();
        if (ports.Count == 0 && !headless && type != "ExternalName")
        {
            errs.Add(FieldError.Required(path.Child("ports"), string.Empty));
        }

        ValidateTypeSpecific(spec, type, headless, path, errs);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (port, i) in ports)
        {
            ValidatePort(port, ports.Count > 1, names, path.Child("ports").Index(i), errs);
        }

        if (spec?["selector"] is not null)
        {
            MetadataValidation.ValidateLabels(spec["selector"], path.Child("selector"), errs);
        }

        var affinity = Node.S(spec, "sessionAffinity");
        if (affinity.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("sessionAffinity"), string.Empty));
        }
        else if (affinity is not ("ClientIP" or "None"))
        {
            errs.Add(FieldError.NotSupported(path.Child("sessionAffinity"), affinity, ["ClientIP", "None"]));
        }

        ValidateAffinityConfig(spec, affinity, path.Child("sessionAffinityConfig"), errs);
        ServiceIpValidation.ValidateClusterIps(spec, type, errs);
        foreach (var (ip, i) in Node.Strings(Node.Arr(spec, "externalIPs")).Select((ip, i) => (ip, i)))
        {
            if (Formats.ParseIp(ip) is null)
            {
                errs.Add(FieldError.Invalid(path.Child("externalIPs").Index(i), ip, Formats.IpMessage));
            }
        }

        if (type.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("type"), string.Empty));
        }
        else if (!Types.Contains(type))
        {
            errs.Add(FieldError.NotSupported(path.Child("type"), type, Types));
        }

        ValidateNodePorts(ports, type, path, errs);
        ServicePolicyValidation.ValidateLoadBalancerFields(svc, spec, type, path, errs);
        ServicePolicyValidation.ValidateTrafficPolicies(spec, type, path, errs);
        return errs;
    }

    private static void ValidateTypeSpecific(JsonObject? spec, string type, bool headless, FieldPath path, List<FieldError> errs)
    {
        var clusterIps = Node.Arr(spec, "clusterIPs");
        switch (type)
        {
            case "LoadBalancer" or "NodePort" when headless:
                errs.Add(FieldError.Invalid(path.Child("clusterIPs").Index(0), "None", $"may not be set to 'None' for {type} services"));
                break;
            case "ExternalName":
                if (Node.Count(clusterIps) > 0)
                {
                    errs.Add(FieldError.Forbidden(path.Child("clusterIPs"), "may not be set for ExternalName services"));
                }

                if (Node.Count(spec?["ipFamilies"]) > 0)
                {
                    errs.Add(FieldError.Forbidden(path.Child("ipFamilies"), "may not be set for ExternalName services"));
                }

                if (Node.Has(spec, "ipFamilyPolicy"))
                {
                    errs.Add(FieldError.Forbidden(path.Child("ipFamilyPolicy"), "may not be set for ExternalName services"));
                }

                var cname = Node.S(spec, "externalName");
                cname = cname.EndsWith('.') ? cname[..^1] : cname;
                if (cname.Length == 0)
                {
                    errs.Add(FieldError.Required(path.Child("externalName"), string.Empty));
                }
                else
                {
                    foreach (var msg in NameValidation.IsDns1123Subdomain(cname))
                    {
                        errs.Add(FieldError.Invalid(path.Child("externalName"), cname, msg));
                    }
                }

                break;
        }
    }

    private static void ValidatePort(JsonObject port, bool requireName, HashSet<string> names, FieldPath path, List<FieldError> errs)
    {
        var name = Node.S(port, "name");
        if (requireName && name.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("name"), string.Empty));
        }
        else if (name.Length != 0)
        {
            foreach (var msg in NameValidation.IsDns1123Label(name))
            {
                errs.Add(FieldError.Invalid(path.Child("name"), name, msg));
            }

            if (!names.Add(name))
            {
                errs.Add(FieldError.Duplicate(path.Child("name"), name));
            }
        }

        var number = Node.Int(port, "port") ?? 0;
        foreach (var msg in Formats.PortNum(number))
        {
            errs.Add(FieldError.Invalid(path.Child("port"), number, msg));
        }

        ContainerFieldValidation.ValidateProtocol(Node.S(port, "protocol"), path.Child("protocol"), errs);
        ProbeValidation.ValidatePortNumOrName(port["targetPort"], path.Child("targetPort"), errs);
        if (Node.Str(port, "appProtocol") is { } appProtocol)
        {
            SchedulingValidation.LabelName(appProtocol, path.Child("appProtocol"), errs);
        }
    }

    private static void ValidateAffinityConfig(JsonObject? spec, string affinity, FieldPath path, List<FieldError> errs)
    {
        var config = Node.Obj(spec, "sessionAffinityConfig");
        if (affinity == "ClientIP")
        {
            const string detail = "when session affinity type is ClientIP";
            if (config is null)
            {
                errs.Add(FieldError.Required(path, detail));
            }
            else if (Node.Obj(config, "clientIP") is not { } clientIp)
            {
                errs.Add(FieldError.Required(path.Child("clientIP"), detail));
            }
            else if (Node.Int(clientIp, "timeoutSeconds") is not { } timeout)
            {
                errs.Add(FieldError.Required(path.Child("clientIP", "timeoutSeconds"), detail));
            }
            else if (timeout is <= 0 or > 86400)
            {
                errs.Add(FieldError.Invalid(path.Child("clientIP", "timeoutSeconds"), timeout, "must be greater than 0 and less than 86400"));
            }
        }
        else if (affinity == "None" && config is not null)
        {
            errs.Add(FieldError.Forbidden(path, "must not be set when session affinity is None"));
        }
    }

    private static void ValidateNodePorts(List<(JsonObject Item, int Index)> ports, string type, FieldPath path, List<FieldError> errs)
    {
        var nodePorts = new HashSet<string>(StringComparer.Ordinal);
        var portKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (port, i) in ports)
        {
            var p = path.Child("ports").Index(i);
            var nodePort = Node.Int(port, "nodePort") ?? 0;
            var protocol = Node.S(port, "protocol");
            if (type == "ClusterIP" && nodePort != 0)
            {
                errs.Add(FieldError.Forbidden(p.Child("nodePort"), "may not be used when `type` is 'ClusterIP'"));
            }

            if (nodePort != 0)
            {
                foreach (var msg in Formats.PortNum(nodePort))
                {
                    errs.Add(FieldError.Invalid(p.Child("nodePort"), nodePort, msg));
                }

                if (!nodePorts.Add(protocol + "/" + nodePort))
                {
                    errs.Add(FieldError.Duplicate(p.Child("nodePort"), nodePort));
                }
            }

            var number = Node.Int(port, "port") ?? 0;
            if (!portKeys.Add(protocol + "/" + number))
            {
                errs.Add(FieldError.Duplicate(p, GoValue.Literal(
                    $"core.ServicePort{{Name:\"\", Protocol:{GoValue.Quote(protocol)}, AppProtocol:(*string)(nil), Port:{number}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}")));
            }
        }
    }
}
