using System.Net.Sockets;
using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Services;

/// <summary>
/// Cluster IP fields of a service (ValidateServiceClusterIPsRelatedFields and, on update,
/// validateUpgradeDowngradeClusterIPs, v1.32).
/// </summary>
internal static class ServiceIpValidation
{
    private static readonly string[] Families = ["IPv4", "IPv6"];
    private static readonly string[] Policies = ["PreferDualStack", "RequireDualStack", "SingleStack"];

    public static void ValidateClusterIps(JsonObject? spec, string type, List<FieldError> errs)
    {
        if (type == "ExternalName")
        {
            return;
        }

        var path = FieldPath.Root("spec");
        var ipsPath = path.Child("clusterIPs");
        var clusterIp = Node.S(spec, "clusterIP");
        var ips = Node.Strings(Node.Arr(spec, "clusterIPs"));
        var ipsValue = GoValue.Strings(Node.Arr(spec, "clusterIPs"));
        if (clusterIp.Length != 0)
        {
            if (ips.Count == 0)
            {
                errs.Add(FieldError.Required(ipsPath, string.Empty));
            }
            else if (ips[0] != clusterIp)
            {
                errs.Add(FieldError.Invalid(ipsPath, ipsValue, "first value must match `clusterIP`"));
            }
        }
        else if (ips.Count != 0)
        {
            errs.Add(FieldError.Invalid(ipsPath, ipsValue, "must be empty when `clusterIP` is not specified"));
        }

        var families = Node.Strings(Node.Arr(spec, "ipFamilies"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < families.Count; i++)
        {
            if (!Families.Contains(families[i]))
            {
                errs.Add(FieldError.NotSupported(path.Child("ipFamilies").Index(i), families[i], Families));
            }

            if (!seen.Add(families[i]))
            {
                errs.Add(FieldError.Duplicate(path.Child("ipFamilies").Index(i), families[i]));
            }
        }

        if (Node.Str(spec, "ipFamilyPolicy") is { } policy && !Policies.Contains(policy))
        {
            errs.Add(FieldError.NotSupported(path.Child("ipFamilyPolicy"), policy, Policies));
        }

        var invalid = false;
        for (var i = 0; i < ips.Count; i++)
        {
            if (i == 0 && ips[i] == "None")
            {
                if (ips.Count > 1)
                {
                    invalid = true;
                    errs.Add(FieldError.Invalid(ipsPath, ipsValue, "'None' must be the first and only value"));
                }

                continue;
            }

            if (Formats.ParseIp(ips[i]) is null)
            {
                invalid = true;
                errs.Add(FieldError.Invalid(ipsPath.Index(i), ips[i], Formats.IpMessage));
            }
        }

        if (ips.Count > 2)
        {
            errs.Add(FieldError.Invalid(ipsPath, ipsValue, "may only hold up to 2 values"));
        }

        if (!invalid && ips.Count > 0 && ips[0] != "None")
        {
            for (var i = 0; i < Math.Min(ips.Count, families.Count); i++)
            {
                var family = Formats.ParseIp(ips[i])!.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
                if (family != families[i])
                {
                    errs.Add(FieldError.Invalid(ipsPath.Index(i), ips[i], $"expected an {families[i]} value as indicated by `ipFamilies[{i}]`"));
                }
            }
        }
    }

    public static void ValidateUpgradeDowngrade(JsonObject? spec, JsonObject? oldSpec, List<FieldError> errs)
    {
        if (Node.S(spec, "type") == "ExternalName" || Node.S(oldSpec, "type") == "ExternalName"
            || (ServiceDefaults.IsHeadless(spec) && ServiceDefaults.IsHeadless(oldSpec)))
        {
            return;
        }

        var path = FieldPath.Root("spec", "clusterIPs");
        var ips = Node.Strings(Node.Arr(spec, "clusterIPs"));
        var oldIps = Node.Strings(Node.Arr(oldSpec, "clusterIPs"));
        var value = GoValue.Strings(Node.Arr(spec, "clusterIPs"));
        if (oldIps.Count == ips.Count)
        {
            for (var i = 0; i < oldIps.Count; i++)
            {
                if (oldIps[i] != ips[i])
                {
                    errs.Add(FieldError.Invalid(path.Index(i), value, "may not change once set"));
                }
            }
        }
        else if (oldIps.Count > ips.Count)
        {
            if (ips.Count == 0)
            {
                errs.Add(FieldError.Invalid(path.Index(0), value, "primary clusterIP can not be unset"));
            }
            else if (ips[0] != oldIps[0])
            {
                errs.Add(FieldError.Invalid(path.Index(0), value, "may not change once set"));
            }

            if (ips.Count == 1 && Node.S(spec, "ipFamilyPolicy") != "SingleStack")
            {
                errs.Add(FieldError.Invalid(path.Index(0), value, "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
            }
        }
        else if (oldIps.Count > 0 && ips[0] != oldIps[0])
        {
            errs.Add(FieldError.Invalid(path.Index(0), value, "may not change once set"));
        }
    }
}
