using System.Net;
using System.Net.Sockets;
using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;

namespace Cluster.Controllers.Dns;

/// <summary>
/// The cluster's DNS records as CoreDNS's kubernetes plugin publishes them, built from one snapshot of Services and
/// EndpointSlices: <c>svc.ns.svc.DOMAIN</c> A/AAAA (the ClusterIPs, or a headless service's ready endpoint addresses),
/// <c>host.svc.ns.svc.DOMAIN</c> for a headless service's endpoints (the endpoint's hostname, else its dashed address),
/// <c>_port._proto.svc.ns.svc.DOMAIN</c> SRV for named ports, ExternalName CNAMEs, PTRs for the addresses above, and
/// pod names <c>a-b-c-d.ns.pod.DOMAIN</c> (see <see cref="PodDnsNames"/>).
/// <see cref="Answer"/> is null for names this table is not authoritative for (they are forwarded).
/// </summary>
public sealed class ClusterDnsRecords
{
    public const uint Ttl = 5;
    public const string DefaultDomain = "cluster.local";
    private const string ServiceNameLabel = EndpointSlices.EndpointSliceRules.ServiceNameLabel;

    private readonly Dictionary<string, List<DnsRecord>> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<DnsRecord>> _pointers = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly DnsRecord _soa;
    private readonly IReadOnlySet<string>? _namespaces;

    public ClusterDnsRecords(ClusterDnsSnapshot snapshot, string domain = DefaultDomain)
    {
        Domain = domain.Trim('.').ToLowerInvariant();
        _soa = new DnsRecord(Domain, DnsType.SOA, Ttl, new SoaData("ns.dns." + Domain, "hostmaster." + Domain, 1, 7200, 1800, 86400, Ttl));
        _names.Add(Domain);
        _names.Add("svc." + Domain);
        _names.Add("pod." + Domain);
        _namespaces = snapshot.Namespaces;
        var slices = snapshot.EndpointSlices
            .Where(s => s.Metadata?.Labels?.GetValueOrDefault(ServiceNameLabel) is { Length: > 0 })
            .ToLookup(s => (s.Metadata!.Namespace ?? "", s.Metadata.Labels![ServiceNameLabel]));
        foreach (var service in snapshot.Services)
        {
            if (service.Metadata is not { Name: { Length: > 0 } name, Namespace: { Length: > 0 } ns }) continue;
            var serviceName = $"{name}.{ns}.svc.{Domain}";
            _names.Add($"{ns}.svc.{Domain}");
            _names.Add(serviceName);
            if (service.Spec?.Type == "ExternalName" && service.Spec.ExternalName is { Length: > 0 } external)
                Add(serviceName, new NameData(external.TrimEnd('.')), DnsType.CNAME);
            else if (service.Spec?.ClusterIP == "None")
                AddHeadless(serviceName, slices[(ns, name)]);
            else
                AddClusterIp(service, serviceName);
        }
        foreach (var records in _records.Values.Concat(_pointers.Values)) Deduplicate(records);
    }

    public string Domain { get; }

    public DnsAnswer? Answer(DnsQuestion question)
    {
        var name = question.Name.TrimEnd('.');
        if (IsReverse(name))
        {
            if (!_pointers.TryGetValue(name, out var pointers)) return null;
            return question.Type is DnsType.PTR or DnsType.ANY ? Found(pointers, []) : NoData();
        }
        if (!name.Equals(Domain, StringComparison.OrdinalIgnoreCase) && !name.EndsWith("." + Domain, StringComparison.OrdinalIgnoreCase))
            return null;
        if (name.Equals(Domain, StringComparison.OrdinalIgnoreCase) && question.Type is DnsType.SOA) return Found([_soa], []);
        if (PodDnsNames.Labels(name, Domain) is { } podLabels) return AnswerPod(podLabels, question);
        if (_records.TryGetValue(name, out var records))
        {
            var cname = records.Where(r => r.Type == DnsType.CNAME).ToList();
            if (cname.Count > 0) return Found(cname, []);
            var matching = records.Where(r => question.Type == DnsType.ANY || r.Type == question.Type).ToList();
            if (matching.Count > 0) return Found(matching, Additionals(matching));
        }
        return _names.Contains(name) ? NoData() : NxDomain();
    }

    /// <summary><c>ns.pod.D</c> exists when the namespace does; <c>label.ns.pod.D</c> when the label spells an address too.</summary>
    private DnsAnswer AnswerPod(string[] labels, DnsQuestion question)
    {
        if (labels is not ([_] or [_, _]) || (_namespaces is not null && !_namespaces.Contains(labels[^1]))) return NxDomain();
        if (labels.Length == 1) return NoData();
        if (PodDnsNames.Address(labels[0]) is not { } address) return NxDomain();
        var type = TypeOf(address);
        if (question.Type != type && question.Type != DnsType.ANY) return NoData();
        return Found([new DnsRecord(question.Name.TrimEnd('.'), type, Ttl, new AddressData(address))], []);
    }

    private void AddClusterIp(Service service, string serviceName)
    {
        var ips = service.Spec?.ClusterIPs is { Count: > 0 } list ? list : service.Spec?.ClusterIP is { } one ? [one] : [];
        foreach (var ip in ips)
        {
            if (!IPAddress.TryParse(ip, out var address)) continue;
            Add(serviceName, new AddressData(address), TypeOf(address));
            AddPointer(address, serviceName);
        }
        foreach (var port in service.Spec?.Ports ?? [])
            if (port is { Name: { Length: > 0 } portName, Port: { } number })
                Add(SrvName(portName, port.Protocol, serviceName), new SrvData(0, 100, (ushort)number, serviceName), DnsType.SRV);
    }

    private void AddHeadless(string serviceName, IEnumerable<EndpointSlice> slices)
    {
        foreach (var slice in slices)
        {
            if (slice.AddressType is not ("IPv4" or "IPv6")) continue;
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (endpoint.Conditions?.Ready == false) continue;
                foreach (var ip in endpoint.Addresses ?? [])
                {
                    if (!IPAddress.TryParse(ip, out var address)) continue;
                    var host = (endpoint.Hostname is { Length: > 0 } h ? h : Dashed(address)) + "." + serviceName;
                    _names.Add(host);
                    Add(serviceName, new AddressData(address), TypeOf(address));
                    Add(host, new AddressData(address), TypeOf(address));
                    AddPointer(address, host);
                    foreach (var port in slice.Ports ?? [])
                        if (port is { Name: { Length: > 0 } portName, Port: { } number })
                            Add(SrvName(portName, port.Protocol, serviceName), new SrvData(0, 0, (ushort)number, host), DnsType.SRV);
                }
            }
        }
    }

    private void Add(string name, DnsRecordData data, DnsType type)
    {
        for (var parent = name; parent.Length > Domain.Length; parent = parent[(parent.IndexOf('.', StringComparison.Ordinal) + 1)..])
            _names.Add(parent);
        if (!_records.TryGetValue(name, out var records)) _records[name] = records = [];
        records.Add(new DnsRecord(name, type, Ttl, data));
    }

    private void AddPointer(IPAddress address, string target)
    {
        var name = ReverseName(address);
        if (!_pointers.TryGetValue(name, out var records)) _pointers[name] = records = [];
        records.Add(new DnsRecord(name, DnsType.PTR, Ttl, new NameData(target)));
    }

    /// <summary>Removes repeats and spreads SRV weight evenly over the targets of one name, as CoreDNS does.</summary>
    private static void Deduplicate(List<DnsRecord> records)
    {
        var distinct = records.Distinct().ToList();
        var srvCount = distinct.Count(r => r.Type == DnsType.SRV);
        records.Clear();
        records.AddRange(distinct.Select(r => r.Data is SrvData srv ? r with { Data = srv with { Weight = (ushort)Math.Max(1, 100 / srvCount) } } : r));
    }

    private List<DnsRecord> Additionals(List<DnsRecord> answers) =>
        [.. answers.Select(a => a.Data).OfType<SrvData>()
            .SelectMany(srv => _records.GetValueOrDefault(srv.Target) ?? [])
            .Where(r => r.Type is DnsType.A or DnsType.AAAA)
            .Distinct()];

    private static DnsAnswer Found(IReadOnlyList<DnsRecord> answers, IReadOnlyList<DnsRecord> additionals) =>
        new(DnsRcode.NoError, answers, [], additionals);

    private DnsAnswer NoData() => new(DnsRcode.NoError, [], [_soa], []);

    private DnsAnswer NxDomain() => new(DnsRcode.NXDomain, [], [_soa], []);

    private static DnsType TypeOf(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsType.AAAA : DnsType.A;

    private static string SrvName(string port, string? protocol, string serviceName) =>
        $"_{port}._{(protocol ?? "TCP").ToLowerInvariant()}.{serviceName}";

    private static string Dashed(IPAddress address) =>
        address.ToString().Replace('.', '-').Replace(':', '-');

    private static bool IsReverse(string name) =>
        name.EndsWith(".in-addr.arpa", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".ip6.arpa", StringComparison.OrdinalIgnoreCase);

    /// <summary>The PTR owner name of an address: <c>d.c.b.a.in-addr.arpa</c>, or the reversed nibbles under ip6.arpa.</summary>
    public static string ReverseName(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return string.Join('.', bytes.Reverse().Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ".in-addr.arpa";
        var nibbles = bytes.Reverse().SelectMany(b => new[] { b & 0xF, b >> 4 }).Select(n => n.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        return string.Join('.', nibbles) + ".ip6.arpa";
    }
}
