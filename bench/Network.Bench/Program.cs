using System.Globalization;
using Cluster.Bench;
using Cluster.Network.Bench;
using Cluster.Store.Bench;

// make bench-network: the service proxy programming real iptables (nf_tables backend) in scratch network namespaces,
// as root. Medians of several runs; results in bench/results/network.json.
var output = Option("--out") ?? "bench/results/network.json";
var runs = int.Parse(Option("--runs") ?? "3", CultureInfo.InvariantCulture);
var services = int.Parse(Option("--services") ?? "10000", CultureInfo.InvariantCulture);
var apiServices = int.Parse(Option("--api-services") ?? "1000", CultureInfo.InvariantCulture);
var updates = int.Parse(Option("--updates") ?? "100", CultureInfo.InvariantCulture);
var largeApiServices = int.Parse(Option("--api-services-large") ?? "10000", CultureInfo.InvariantCulture);
var dnsServices = int.Parse(Option("--dns-services") ?? "1000", CultureInfo.InvariantCulture);
var only = Option("--only"); // proxy, endpoints, dns or overhead: one part alone
var report = new MetricReport(new Dictionary<string, string>
{
    ["proxy_sync_10k_services_s"] = "<= 5", ["endpoint_update_to_rule_p99_ms"] = "<< 500", ["endpoint_update_to_rule_10k_p99_ms"] = "< 500",
    ["dns_qps"] = ">= 20000", ["service_request_overhead_ratio"] = ">= 0.9",
});

if (Option("--dump-payloads") is { } dump)
{
    // Diagnostics: the full sync's iptables-restore inputs as files, to time iptables-restore on its own.
    var names = new Cluster.Kubelet.Proxy.ProxyChainNames("PXB");
    var writer = new Cluster.Kubelet.Proxy.ServiceRuleWriter(names, "10.244.0.0/16", "bench");
    var rules = new Cluster.Kubelet.Proxy.ProxyRuleSet(names, 14, 6000);
    for (var i = 0; i < services; i++) rules.Set("bench", $"svc-{i}", [writer.Write(ProxySyncBench.Service(i, "bench"))]);
    var plan = rules.Plan(full: true, [], []);
    Directory.CreateDirectory(dump);
    for (var i = 0; i < plan.Payloads.Count; i++) await File.WriteAllTextAsync(Path.Combine(dump, $"{i:D4}.txt"), plan.Payloads[i]);
    return 0;
}

for (var run = 1; run <= runs && Part("proxy"); run++)
{
    Console.Error.WriteLine($"{services} services x 5 endpoints from scratch {run}/{runs}");
    var (scratch, restart) = await ProxySyncBench.MeasureAsync(services);
    report.Add("proxy_sync_10k_services_s", scratch);
    report.Add("proxy_restart_sync_10k_services_s", restart);
}
for (var run = 1; run <= runs && apiServices > 0 && Part("endpoints"); run++)
{
    Console.Error.WriteLine($"endpoint not ready -> rule gone, through the API server, {apiServices} services {run}/{runs}");
    var samples = await EndpointUpdateBench.MeasureAsync(apiServices, updates);
    report.Add("endpoint_update_to_rule_p99_ms", Stats.Percentile(samples, 99));
    report.Add("endpoint_update_to_rule_p50_ms", Stats.Percentile(samples, 50));
}
if (largeApiServices > 0 && Part("endpoints"))
{
    Console.Error.WriteLine($"endpoint not ready -> rule gone, through the API server, {largeApiServices} services");
    var samples = await EndpointUpdateBench.MeasureAsync(largeApiServices, Math.Min(updates, 50));
    report.Add("endpoint_update_to_rule_10k_p99_ms", Stats.Percentile(samples, 99));
    report.Add("endpoint_update_to_rule_10k_p50_ms", Stats.Percentile(samples, 50));
}

for (var run = 1; run <= runs && Part("dns"); run++)
{
    Console.Error.WriteLine($"cluster DNS, {dnsServices} services, 32 UDP clients on loopback {run}/{runs}");
    var dns = await DnsBench.MeasureAsync(dnsServices, 32, TimeSpan.FromSeconds(5));
    Console.Error.WriteLine($"  {dns.Qps:N0} answers/s, p50 {dns.P50Ms:N2} ms, p99 {dns.P99Ms:N2} ms, {dns.Failed} failed");
    report.Add("dns_qps", dns.Qps);
    report.Add("dns_p50_ms", dns.P50Ms);
    report.Add("dns_p99_ms", dns.P99Ms);
}
if (Part("overhead"))
{
    Console.Error.WriteLine($"requests through a cluster IP vs to the pod IP, {runs} rounds");
    foreach (var round in await ServiceOverheadBench.MeasureAsync(runs, 16, TimeSpan.FromSeconds(3)))
    {
        report.Add("service_request_overhead_ratio", round.Ratio);
        report.Add("service_requests_per_s_direct", round.DirectRps);
        report.Add("service_requests_per_s_cluster_ip", round.ServiceRps);
    }
}

await report.WriteAsync(output);
return 0;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

bool Part(string name) => only is null || only == name;
