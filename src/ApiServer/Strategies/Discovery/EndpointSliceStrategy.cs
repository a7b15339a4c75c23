using System.Net.Sockets;
using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Discovery;

/// <summary>
/// EndpointSlices (discovery.k8s.io/v1): ports default to name "" and protocol TCP; ValidateEndpointSliceCreate
/// (addressType required and supported, 1 to 100 addresses per endpoint valid for the type, valid ports) and an
/// immutable addressType on update.
/// </summary>
public sealed class EndpointSliceStrategy : ResourceStrategy
{
    private static readonly string[] AddressTypes = ["FQDN", "IPv4", "IPv6"];

    public EndpointSliceStrategy() => TracksGeneration = true;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        foreach (var (port, _) in Node.Objects(Node.Arr(obj, "ports")))
        {
            Node.Default(port, "name", string.Empty);
            Node.Default(port, "protocol", "TCP");
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = ValidateSlice(obj);
        var type = Node.S(obj, "addressType");
        if (type.Length == 0)
        {
            errs.Add(FieldError.Required(FieldPath.Root("addressType"), string.Empty));
        }
        else if (!AddressTypes.Contains(type))
        {
            errs.Add(FieldError.NotSupported(FieldPath.Root("addressType"), type, AddressTypes));
        }

        return Causes.Of(errs);
    }

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = ValidateSlice(obj);
        var type = Node.S(obj, "addressType");
        if (type != Node.S(old, "addressType"))
        {
            errs.Add(FieldError.Invalid(FieldPath.Root("addressType"), type, "field is immutable"));
        }

        return Causes.Of(errs);
    }

    private static List<FieldError> ValidateSlice(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var type = Node.S(obj, "addressType");
        var endpoints = Node.Arr(obj, "endpoints");
        if (Node.Count(endpoints) > 1000)
        {
            errs.Add(FieldError.TooMany(FieldPath.Root("endpoints"), Node.Count(endpoints), 1000));
        }

        foreach (var (endpoint, i) in Node.Objects(endpoints))
        {
            var p = FieldPath.Root("endpoints").Index(i);
            var addresses = Node.Strings(Node.Arr(endpoint, "addresses"));
            if (addresses.Count == 0)
            {
                errs.Add(FieldError.Required(p.Child("addresses"), "must contain at least 1 address"));
            }
            else if (addresses.Count > 100)
            {
                errs.Add(FieldError.TooMany(p.Child("addresses"), addresses.Count, 100));
            }

            for (var j = 0; j < addresses.Count; j++)
            {
                ValidateAddress(addresses[j], type, p.Child("addresses").Index(j), errs);
            }

            if (Node.Str(endpoint, "nodeName") is { } nodeName)
            {
                foreach (var msg in NameValidation.IsDns1123Subdomain(nodeName))
                {
                    errs.Add(FieldError.Invalid(p.Child("nodeName"), nodeName, msg));
                }
            }

            if (Node.Str(endpoint, "hostname") is { } hostname)
            {
                foreach (var msg in NameValidation.IsDns1123Label(hostname))
                {
                    errs.Add(FieldError.Invalid(p.Child("hostname"), hostname, msg));
                }
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (port, i) in Node.Objects(Node.Arr(obj, "ports")))
        {
            var p = FieldPath.Root("ports").Index(i);
            var name = Node.S(port, "name");
            if (name.Length > 0)
            {
                foreach (var msg in NameValidation.IsDns1123Label(name))
                {
                    errs.Add(FieldError.Invalid(p.Child("name"), name, msg));
                }
            }

            if (!names.Add(name))
            {
                errs.Add(FieldError.Duplicate(p.Child("name"), name));
            }

            if (Node.Str(port, "protocol") is not { } protocol)
            {
                errs.Add(FieldError.Required(p.Child("protocol"), string.Empty));
            }
            else if (!ContainerFieldValidation.Protocols.Contains(protocol))
            {
                errs.Add(FieldError.NotSupported(p.Child("protocol"), protocol, ContainerFieldValidation.Protocols));
            }

            if (Node.Str(port, "appProtocol") is { } appProtocol)
            {
                SchedulingValidation.LabelName(appProtocol, p.Child("appProtocol"), errs);
            }
        }

        return errs;
    }

    private static void ValidateAddress(string address, string type, FieldPath path, List<FieldError> errs)
    {
        var ip = Formats.ParseIp(address);
        switch (type)
        {
            case "IPv4" when ip?.AddressFamily != AddressFamily.InterNetwork:
                errs.Add(FieldError.Invalid(path, address, "must be a valid IPv4 address"));
                break;
            case "IPv6" when ip?.AddressFamily != AddressFamily.InterNetworkV6:
                errs.Add(FieldError.Invalid(path, address, "must be a valid IPv6 address"));
                break;
            case "FQDN":
                foreach (var msg in NameValidation.IsDns1123Subdomain(address.TrimEnd('.')))
                {
                    errs.Add(FieldError.Invalid(path, address, msg));
                }

                break;
        }
    }
}
