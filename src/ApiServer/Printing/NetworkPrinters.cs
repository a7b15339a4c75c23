using System.Globalization;
using System.Text.Json.Nodes;
using static Cluster.ApiServer.Printing.PrinterCells;
using static Cluster.ApiServer.Printing.StandardColumns;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// Printers for services, endpoints, endpointslices, ingresses, ingressclasses and networkpolicies. Services show
/// External-IP as "&lt;none&gt;", "&lt;pending&gt;" (LoadBalancer without ingress) or the addresses, and Port(s) as
/// "80/TCP,443:30443/TCP"; address lists longer than three end in " + N more...".
/// </summary>
internal static class NetworkPrinters
{
    private const int MaxListed = 3;

    public static ITablePrinter Service { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Type", ColumnDescriptions.ServiceSpecType),
            Text("Cluster-IP", ColumnDescriptions.ServiceSpecClusterIP),
            Text("External-IP", ColumnDescriptions.ServiceSpecExternalIPs),
            Text("Port(s)", ColumnDescriptions.ServiceSpecPorts),
            AgeColumn,
            Text("Selector", ColumnDescriptions.ServiceSpecSelector, 1),
        ],
        ServiceCells);

    public static ITablePrinter Endpoints { get; } = new FuncTablePrinter(
        [NameColumn, Text("Endpoints", ColumnDescriptions.EndpointsSubsets), AgeColumn],
        (o, now) => Row(PrinterCells.Name(o), FormatEndpoints(o), PrinterCells.Age(o, now)));

    public static ITablePrinter EndpointSlice { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("AddressType", ColumnDescriptions.EndpointSliceAddressType),
            Text("Ports", ColumnDescriptions.EndpointSlicePorts),
            Text("Endpoints", ColumnDescriptions.EndpointSliceEndpoints),
            AgeColumn,
        ],
        (o, now) => Row(
            PrinterCells.Name(o),
            JsonRead.Text(o, "addressType"),
            ListWithMore(JsonRead.Objects(o, "ports").Select(p =>
                JsonRead.Long(p, "port") is { } port ? Str(port) : JsonRead.Str(p, "name") ?? "*").ToList()),
            ListWithMore(JsonRead.Objects(o, "endpoints").SelectMany(e => JsonRead.Strings(e, "addresses")).ToList()),
            PrinterCells.Age(o, now)));

    public static ITablePrinter Ingress { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Class", "The name of the IngressClass resource that should be used for additional configuration"),
            Text("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
            Text("Address", "Address is a list containing ingress points for the load-balancer"),
            Text("Ports", "Ports of TLS configurations that open"),
            AgeColumn,
        ],
        (o, now) => Row(
            PrinterCells.Name(o),
            JsonRead.Str(o, "spec", "ingressClassName") ?? "<none>",
            FormatHosts(JsonRead.Objects(o, "spec", "rules").ToList()),
            LoadBalancerAddresses(JsonRead.At(o, "status", "loadBalancer")),
            JsonRead.Count(o, "spec", "tls") != 0 ? "80, 443" : "80",
            PrinterCells.Age(o, now)));

    public static ITablePrinter IngressClass { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Controller", "Controller that is responsible for handling this class"),
            Text("Parameters", "A reference to a resource with additional parameters"),
            AgeColumn,
        ],
        (o, now) =>
        {
            var parameters = "<none>";
            if (JsonRead.Obj(o, "spec", "parameters") is { } p)
            {
                parameters = JsonRead.Text(p, "kind")
                    + (JsonRead.Str(p, "apiGroup") is { } group ? "." + group : "")
                    + "/" + JsonRead.Text(p, "name");
            }
            return Row(PrinterCells.Name(o), JsonRead.Text(o, "spec", "controller"), parameters, PrinterCells.Age(o, now));
        });

    public static ITablePrinter NetworkPolicy { get; } = new FuncTablePrinter(
        [NameColumn, Text("Pod-Selector", ColumnDescriptions.NetworkPolicySpecPodSelector), AgeColumn],
        (o, now) => Row(PrinterCells.Name(o), FormatLabelSelector(JsonRead.At(o, "spec", "podSelector")),
            PrinterCells.Age(o, now)));

    private static JsonArray ServiceCells(JsonObject svc, DateTimeOffset now)
    {
        var spec = JsonRead.Obj(svc, "spec");
        var type = JsonRead.Str(spec, "type") ?? "ClusterIP";
        var clusterIP = JsonRead.Strings(spec, "clusterIPs").FirstOrDefault()
            ?? (JsonRead.Str(spec, "clusterIP") is { Length: > 0 } ip ? ip : "<none>");
        var ports = string.Join(",", JsonRead.Objects(spec, "ports").Select(p =>
        {
            var port = Str(JsonRead.Long(p, "port") ?? 0);
            var protocol = JsonRead.Str(p, "protocol") ?? "TCP";
            return JsonRead.Long(p, "nodePort") is { } nodePort and > 0
                ? port + ":" + Str(nodePort) + "/" + protocol
                : port + "/" + protocol;
        }));
        return Row(
            PrinterCells.Name(svc),
            type,
            clusterIP,
            ExternalIP(svc, type),
            ports.Length == 0 ? "<none>" : ports,
            PrinterCells.Age(svc, now),
            FormatLabels(JsonRead.At(spec, "selector")));
    }

    private static string ExternalIP(JsonObject svc, string type)
    {
        var externalIPs = JsonRead.Strings(svc, "spec", "externalIPs").ToList();
        switch (type)
        {
            case "ClusterIP":
            case "NodePort":
                return externalIPs.Count > 0 ? string.Join(",", externalIPs) : "<none>";
            case "LoadBalancer":
                var lb = LoadBalancerAddresses(JsonRead.At(svc, "status", "loadBalancer"));
                if (externalIPs.Count > 0)
                {
                    var all = lb.Length > 0 ? lb.Split(',').ToList() : [];
                    all.AddRange(externalIPs);
                    return string.Join(",", all);
                }
                return lb.Length > 0 ? lb : "<pending>";
            case "ExternalName":
                return JsonRead.Text(svc, "spec", "externalName");
            default:
                return "<unknown>";
        }
    }

    /// <summary>Sorted, de-duplicated ingress IPs (or hostnames when no IP), comma-joined; "" when none.</summary>
    private static string LoadBalancerAddresses(JsonNode? status) =>
        string.Join(",", JsonRead.Objects(status, "ingress")
            .Select(i => JsonRead.Str(i, "ip") is { Length: > 0 } ip ? ip : JsonRead.Text(i, "hostname"))
            .Where(a => a.Length > 0)
            .ToHashSet(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal));

    private static string FormatEndpoints(JsonObject endpoints)
    {
        var subsets = JsonRead.Objects(endpoints, "subsets").ToList();
        if (subsets.Count == 0)
        {
            return "<none>";
        }
        var list = new List<string>();
        var count = 0;
        foreach (var subset in subsets)
        {
            var ips = JsonRead.Objects(subset, "addresses").Select(a => JsonRead.Text(a, "ip")).ToList();
            var ports = JsonRead.Objects(subset, "ports").ToList();
            if (ports.Count == 0)
            {
                // A headless service without ports lists bare addresses.
                count += ips.Count;
                list.AddRange(ips.Take(MaxListed - list.Count));
                continue;
            }
            foreach (var port in ports)
            {
                count += ips.Count;
                var portText = Str(JsonRead.Long(port, "port") ?? 0);
                list.AddRange(ips.Take(MaxListed - list.Count)
                    .Select(ip => (ip.Contains(':', StringComparison.Ordinal) ? "[" + ip + "]" : ip) + ":" + portText));
            }
        }
        var joined = string.Join(",", list);
        return count > list.Count ? joined + " + " + Str(count - MaxListed) + " more..." : joined;
    }

    private static string FormatHosts(List<JsonObject> rules)
    {
        // Hosts are collected until three are listed; rules without a host are skipped but still counted in "more".
        var hosts = new List<string>();
        var more = false;
        foreach (var host in rules.Select(r => JsonRead.Text(r, "host")))
        {
            if (hosts.Count == MaxListed)
            {
                more = true;
                break;
            }
            if (host.Length > 0)
            {
                hosts.Add(host);
            }
        }
        if (hosts.Count == 0)
        {
            return "*";
        }
        var joined = string.Join(",", hosts);
        return more ? joined + " + " + Str(rules.Count - MaxListed) + " more..." : joined;
    }

    private static string ListWithMore(List<string> items)
    {
        var joined = string.Join(",", items.Take(MaxListed));
        if (items.Count > MaxListed)
        {
            return joined + " + " + Str(items.Count - MaxListed) + " more...";
        }
        return joined.Length == 0 ? "<unset>" : joined;
    }

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);
}
