using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>spec.dnsConfig and spec.hostAliases (validatePodDNSConfig, ValidateHostAliases, v1.32).</summary>
internal static class DnsConfigValidation
{
    public static void Validate(JsonObject? dnsConfig, string dnsPolicy, FieldPath path, List<FieldError> errs)
    {
        if (dnsPolicy == "None")
        {
            if (dnsConfig is null)
            {
                errs.Add(FieldError.Required(path, "must provide `dnsConfig` when `dnsPolicy` is None"));
                return;
            }

            if (Node.Count(dnsConfig["nameservers"]) == 0)
            {
                errs.Add(FieldError.Required(path.Child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None"));
                return;
            }
        }

        if (dnsConfig is null)
        {
            return;
        }

        var nameservers = Node.Strings(Node.Arr(dnsConfig, "nameservers"));
        if (nameservers.Count > 3)
        {
            errs.Add(FieldError.Invalid(path.Child("nameservers"), GoValue.Strings(Node.Arr(dnsConfig, "nameservers")), "must not have more than 3 nameservers"));
        }

        for (var i = 0; i < nameservers.Count; i++)
        {
            if (Formats.ParseIp(nameservers[i]) is null)
            {
                errs.Add(FieldError.Invalid(path.Child("nameservers").Index(i), nameservers[i], Formats.IpMessage));
            }
        }

        var searches = Node.Strings(Node.Arr(dnsConfig, "searches"));
        if (searches.Count > 32)
        {
            errs.Add(FieldError.Invalid(path.Child("searches"), GoValue.Strings(Node.Arr(dnsConfig, "searches")), "must not have more than 32 search paths"));
        }

        if (string.Join(' ', searches).Length > 2048)
        {
            errs.Add(FieldError.Invalid(path.Child("searches"), GoValue.Strings(Node.Arr(dnsConfig, "searches")),
                "must not have more than 2048 characters (including spaces) in the search list"));
        }

        for (var i = 0; i < searches.Count; i++)
        {
            var search = searches[i].EndsWith('.') ? searches[i][..^1] : searches[i];
            foreach (var msg in NameValidation.IsDns1123Subdomain(search))
            {
                errs.Add(FieldError.Invalid(path.Child("searches").Index(i), search, msg));
            }
        }

        foreach (var (option, i) in Node.Objects(Node.Arr(dnsConfig, "options")))
        {
            if (Node.S(option, "name").Length == 0)
            {
                errs.Add(FieldError.Required(path.Child("options").Index(i), "Option.Name must not be empty"));
            }
        }
    }

    public static void ValidateHostAliases(JsonArray? aliases, FieldPath path, List<FieldError> errs)
    {
        foreach (var (alias, i) in Node.Objects(aliases))
        {
            var ip = Node.S(alias, "ip");
            if (Formats.ParseIp(ip) is null)
            {
                errs.Add(FieldError.Invalid(path.Index(i).Child("ip"), ip, Formats.IpMessage));
            }

            var hostnames = Node.Strings(Node.Arr(alias, "hostnames"));
            for (var j = 0; j < hostnames.Count; j++)
            {
                foreach (var msg in NameValidation.IsDns1123Subdomain(hostnames[j]))
                {
                    errs.Add(FieldError.Invalid(path.Index(i).Child("hostnames").Index(j), hostnames[j], msg));
                }
            }
        }
    }
}
