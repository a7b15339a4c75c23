using System.Text.Json.Nodes;
using Cluster.ApiServer.Registry;

namespace Cluster.ApiServer.Discovery;

/// <summary>
/// The discovery documents of a registry, in both forms kubectl reads: aggregated (<c>apidiscovery.k8s.io/v2</c>
/// APIGroupDiscoveryList for <c>/api</c> and <c>/apis</c>) and legacy (APIVersions, APIGroupList, APIGroup,
/// APIResourceList per group-version).
/// </summary>
public sealed class DiscoveryDocuments(ApiServices api)
{
    private static readonly string[] StatusVerbs = ["get", "patch", "update"];

    /// <summary>The aggregated document of the core group (<paramref name="core"/>) or of all other groups.</summary>
    public JsonObject Aggregated(bool core, string version)
    {
        var items = new JsonArray();
        foreach (var group in api.Registry.Groups.Where(g => (g.Name.Length == 0) == core))
        {
            var versions = new JsonArray();
            foreach (var v in group.Versions)
            {
                var resources = new JsonArray();
                foreach (var r in api.Registry.InGroupVersion(group.Name, v).OrderBy(r => r.Plural, StringComparer.Ordinal))
                    resources.Add(AggregatedResource(r));
                versions.Add(new JsonObject { ["version"] = v, ["resources"] = resources, ["freshness"] = "Current" });
            }
            items.Add(new JsonObject { ["metadata"] = new JsonObject { ["name"] = group.Name, ["creationTimestamp"] = null }, ["versions"] = versions });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = $"apidiscovery.k8s.io/{version}",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject AggregatedResource(ResourceDefinition r)
    {
        var resource = new JsonObject
        {
            ["resource"] = r.Plural,
            ["responseKind"] = Gvk(r.Group, r.Version, r.Kind),
            ["scope"] = r.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = r.Singular,
            ["verbs"] = Strings(r.Verbs),
        };
        if (r.ShortNames.Count > 0) resource["shortNames"] = Strings(r.ShortNames);
        if (r.Categories.Count > 0) resource["categories"] = Strings(r.Categories);
        var subresources = new JsonArray();
        foreach (var s in Subresources(r))
            subresources.Add(new JsonObject { ["subresource"] = s.Name, ["responseKind"] = Gvk(s.Group, s.Version, s.Kind), ["verbs"] = Strings(s.Verbs) });
        if (subresources.Count > 0) resource["subresources"] = subresources;
        return resource;
    }

    /// <summary><c>/api</c> in the legacy form.</summary>
    public JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = Strings(api.Registry.Groups.FirstOrDefault(g => g.Name.Length == 0)?.Versions ?? []),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    /// <summary><c>/apis</c> in the legacy form.</summary>
    public JsonObject ApiGroupList()
    {
        var groups = new JsonArray();
        foreach (var g in api.Registry.Groups.Where(g => g.Name.Length > 0)) groups.Add(Group(g));
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    /// <summary><c>/apis/&lt;group&gt;</c>, or null if the group is not served.</summary>
    public JsonObject? ApiGroup(string name)
    {
        var group = api.Registry.Groups.FirstOrDefault(g => g.Name == name && name.Length > 0);
        if (group is null) return null;
        var doc = Group(group);
        doc["kind"] = "APIGroup";
        doc["apiVersion"] = "v1";
        return doc;
    }

    private static JsonObject Group(ApiGroup g)
    {
        var versions = new JsonArray();
        foreach (var v in g.Versions) versions.Add(new JsonObject { ["groupVersion"] = $"{g.Name}/{v}", ["version"] = v });
        return new JsonObject
        {
            ["name"] = g.Name,
            ["versions"] = versions,
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{g.Name}/{g.Versions[0]}", ["version"] = g.Versions[0] },
        };
    }

    /// <summary><c>/api/v1</c> or <c>/apis/&lt;group&gt;/&lt;version&gt;</c>, or null if not served.</summary>
    public JsonObject? ResourceList(string group, string version)
    {
        if (!api.Registry.HasGroupVersion(group, version)) return null;
        var resources = new JsonArray();
        foreach (var r in api.Registry.InGroupVersion(group, version).OrderBy(r => r.Plural, StringComparer.Ordinal))
        {
            var entry = new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = r.Singular,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = Strings(r.Verbs),
            };
            if (r.ShortNames.Count > 0) entry["shortNames"] = Strings(r.ShortNames);
            if (r.Categories.Count > 0) entry["categories"] = Strings(r.Categories);
            resources.Add(entry);
            foreach (var s in Subresources(r))
            {
                var sub = new JsonObject
                {
                    ["name"] = $"{r.Plural}/{s.Name}",
                    ["singularName"] = "",
                    ["namespaced"] = r.Namespaced,
                    ["kind"] = s.Kind,
                    ["verbs"] = Strings(s.Verbs),
                };
                if (s.Group != r.Group || s.Version != r.Version)
                {
                    sub["group"] = s.Group;
                    sub["version"] = s.Version;
                }
                resources.Add(sub);
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static IEnumerable<SubresourceDefinition> Subresources(ResourceDefinition r)
    {
        var all = new List<SubresourceDefinition>();
        if (r.HasStatus) all.Add(new("status", r.Group, r.Version, r.Kind, StatusVerbs));
        if (r.HasScale) all.Add(new("scale", "autoscaling", "v1", "Scale", StatusVerbs));
        all.AddRange(r.ExtraSubresources);
        return all.OrderBy(s => s.Name, StringComparer.Ordinal);
    }

    private static JsonObject Gvk(string group, string version, string kind) => new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
