using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Services;

/// <summary>
/// Endpoints (core/v1): port protocols default to TCP; subsets need addresses with valid IPs and valid, named
/// (when several) ports. Unlike upstream, loopback and link-local addresses are not rejected.
/// </summary>
public sealed class EndpointsStrategy : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        foreach (var (subset, _) in Node.Objects(Node.Arr(obj, "subsets")))
        {
            foreach (var (port, _) in Node.Objects(Node.Arr(subset, "ports")))
            {
                Node.DefaultString(port, "protocol", "TCP");
            }
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = new List<FieldError>();
        foreach (var (subset, i) in Node.Objects(Node.Arr(obj, "subsets")))
        {
            var p = FieldPath.Root("subsets").Index(i);
            if (Node.Count(subset["addresses"]) == 0 && Node.Count(subset["notReadyAddresses"]) == 0)
            {
                errs.Add(FieldError.Required(p, "must specify `addresses` or `notReadyAddresses`"));
            }

            foreach (var list in new[] { "addresses", "notReadyAddresses" })
            {
                foreach (var (address, j) in Node.Objects(Node.Arr(subset, list)))
                {
                    ValidateAddress(address, p.Child(list).Index(j), errs);
                }
            }

            var ports = Node.Objects(Node.Arr(subset, "ports")).ToList();
            foreach (var (port, j) in ports)
            {
                var pp = p.Child("ports").Index(j);
                var name = Node.S(port, "name");
                if (ports.Count > 1 && name.Length == 0)
                {
                    errs.Add(FieldError.Required(pp.Child("name"), string.Empty));
                }
                else if (name.Length != 0)
                {
                    foreach (var msg in NameValidation.IsDns1123Label(name))
                    {
                        errs.Add(FieldError.Invalid(pp.Child("name"), name, msg));
                    }
                }

                var number = Node.Int(port, "port") ?? 0;
                foreach (var msg in Formats.PortNum(number))
                {
                    errs.Add(FieldError.Invalid(pp.Child("port"), number, msg));
                }

                ContainerFieldValidation.ValidateProtocol(Node.S(port, "protocol"), pp.Child("protocol"), errs);
            }
        }

        return Causes.Of(errs);
    }

    private static void ValidateAddress(JsonObject address, FieldPath path, List<FieldError> errs)
    {
        var ip = Node.S(address, "ip");
        if (Formats.ParseIp(ip) is null)
        {
            errs.Add(FieldError.Invalid(path.Child("ip"), ip, Formats.IpMessage));
        }

        if (Node.S(address, "hostname") is { Length: > 0 } hostname)
        {
            foreach (var msg in NameValidation.IsDns1123Label(hostname))
            {
                errs.Add(FieldError.Invalid(path.Child("hostname"), hostname, msg));
            }
        }

        if (Node.Str(address, "nodeName") is { } nodeName)
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(nodeName))
            {
                errs.Add(FieldError.Invalid(path.Child("nodeName"), nodeName, msg));
            }
        }
    }
}
