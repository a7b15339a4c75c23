using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Networking;

/// <summary>
/// NetworkPolicies (networking.k8s.io/v1): port protocols default to TCP and policyTypes to Ingress (plus Egress
/// when egress rules exist); ValidateNetworkPolicySpec checks selectors, ports, peers, IP blocks and policy types.
/// </summary>
public sealed class NetworkPolicyStrategy : ResourceStrategy
{
    public NetworkPolicyStrategy() => TracksGeneration = true;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = Node.Ensure(obj, "spec");
        foreach (var (direction, _) in new[] { "ingress", "egress" }.SelectMany(d => Node.Objects(Node.Arr(spec, d))))
        {
            foreach (var (port, _) in Node.Objects(Node.Arr(direction, "ports")))
            {
                Node.Default(port, "protocol", "TCP");
            }
        }

        if (Node.Count(spec["policyTypes"]) == 0)
        {
            var types = new JsonArray("Ingress");
            if (Node.Count(spec["egress"]) != 0)
            {
                types.Add("Egress");
            }

            spec["policyTypes"] = types;
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var path = FieldPath.Root("spec");
        SelectorValidation.Validate(Node.Obj(spec, "podSelector"), path.Child("podSelector"), errs);
        foreach (var (direction, peers) in new[] { ("ingress", "from"), ("egress", "to") })
        {
            foreach (var (rule, i) in Node.Objects(Node.Arr(spec, direction)))
            {
                var rp = path.Child(direction).Index(i);
                foreach (var (port, j) in Node.Objects(Node.Arr(rule, "ports")))
                {
                    ValidatePort(port, rp.Child("ports").Index(j), errs);
                }

                foreach (var (peer, j) in Node.Objects(Node.Arr(rule, peers)))
                {
                    ValidatePeer(peer, rp.Child(peers).Index(j), errs);
                }
            }
        }

        var policyTypes = Node.Strings(Node.Arr(spec, "policyTypes"));
        if (policyTypes.Count > 2)
        {
            errs.Add(FieldError.Invalid(path.Child("policyTypes"), GoValue.Strings(Node.Arr(spec, "policyTypes")), "may not specify more than two policyTypes"));
        }
        else
        {
            for (var i = 0; i < policyTypes.Count; i++)
            {
                if (policyTypes[i] is not ("Ingress" or "Egress"))
                {
                    errs.Add(FieldError.NotSupported(path.Child("policyTypes").Index(i), policyTypes[i], ["Ingress", "Egress"]));
                }
            }
        }

        return Causes.Of(errs);
    }

    private static void ValidatePort(JsonObject port, FieldPath path, List<FieldError> errs)
    {
        if (Node.Str(port, "protocol") is { } protocol && protocol is not ("TCP" or "UDP" or "SCTP"))
        {
            errs.Add(FieldError.NotSupported(path.Child("protocol"), protocol, ["TCP", "UDP", "SCTP"]));
        }

        var endPort = Node.Int(port, "endPort");
        if (port["port"] is not { } value)
        {
            if (endPort is { } e)
            {
                errs.Add(FieldError.Invalid(path.Child("endPort"), e, "may not be specified when `port` is not specified"));
            }

            return;
        }

        if (Node.AsString(value) is { } name)
        {
            if (endPort is { } e)
            {
                errs.Add(FieldError.Invalid(path.Child("endPort"), e, "may not be specified when `port` is non-numeric"));
            }

            foreach (var msg in Formats.PortName(name))
            {
                errs.Add(FieldError.Invalid(path.Child("port"), name, msg));
            }

            return;
        }

        var number = Node.AsLong(value) ?? 0;
        foreach (var msg in Formats.PortNum(number))
        {
            errs.Add(FieldError.Invalid(path.Child("port"), number, msg));
        }

        if (endPort is { } end)
        {
            if (end < number)
            {
                errs.Add(FieldError.Invalid(path.Child("endPort"), number, "must be greater than or equal to `port`"));
            }

            foreach (var msg in Formats.PortNum(end))
            {
                errs.Add(FieldError.Invalid(path.Child("endPort"), end, msg));
            }
        }
    }

    private static void ValidatePeer(JsonObject peer, FieldPath path, List<FieldError> errs)
    {
        var count = 0;
        foreach (var selector in new[] { "podSelector", "namespaceSelector" })
        {
            if (Node.Obj(peer, selector) is { } s)
            {
                count++;
                SelectorValidation.Validate(s, path.Child(selector), errs);
            }
        }

        if (Node.Obj(peer, "ipBlock") is { } block)
        {
            count++;
            var cidr = Node.S(block, "cidr");
            if (cidr.Length == 0)
            {
                errs.Add(FieldError.Required(path.Child("ipBlock", "cidr"), string.Empty));
            }
            else if (!Formats.IsCidr(cidr))
            {
                errs.Add(FieldError.Invalid(path.Child("ipBlock", "cidr"), cidr, Formats.CidrMessage));
            }
            else
            {
                var except = Node.Strings(Node.Arr(block, "except"));
                for (var i = 0; i < except.Count; i++)
                {
                    if (!Formats.IsCidr(except[i]))
                    {
                        errs.Add(FieldError.Invalid(path.Child("ipBlock", "except").Index(i), except[i], Formats.CidrMessage));
                    }
                }
            }

            if (count > 1)
            {
                errs.Add(FieldError.Forbidden(path, "may not specify both ipBlock and another peer"));
            }
        }

        if (count == 0)
        {
            errs.Add(FieldError.Required(path, "must specify a peer"));
        }
    }
}
