using System.Text.Json;
using Cluster.Api;
using Cluster.Api.Serialization;
using Cluster.Runtime.Client.Errors;

namespace Cluster.Runtime.Client;

/// <summary>A served resource as discovery describes it: where it lives and what may be done with it.</summary>
public sealed record ServedResource(KindInfo Kind, IReadOnlySet<string> Verbs)
{
    public bool Supports(string verb) => Verbs.Contains(verb);
}

/// <summary>
/// The API's discovery documents (<c>/api</c>, <c>/apis</c> and each group-version): the resources served now, in
/// each group's preferred version, custom resources included. Subresources (<c>pods/status</c>) are left out.
/// </summary>
public sealed class DiscoveryClient(ApiTransport transport)
{
    /// <summary>Every top-level resource in its group's preferred version.</summary>
    /// <exception cref="ApiException">Discovery failed; a group-version that vanished meanwhile is skipped.</exception>
    public async Task<IReadOnlyList<ServedResource>> ServerPreferredResourcesAsync(CancellationToken ct = default)
    {
        var groupVersions = new List<string> { "v1" };
        var groups = JsonSerializer.Deserialize(await transport.SendAsync(new(HttpMethod.Get, "/apis"), ct), ApiJsonContext.Default.MetaV1APIGroupList);
        foreach (var group in groups?.Groups ?? [])
            if ((group.PreferredVersion ?? (group.Versions is { Count: > 0 } versions ? versions[0] : null))?.GroupVersion is { } gv) groupVersions.Add(gv);

        var lists = await Task.WhenAll(groupVersions.Select(async gv =>
        {
            try
            {
                var path = gv == "v1" ? "/api/v1" : $"/apis/{gv}";
                return (gv, JsonSerializer.Deserialize(await transport.SendAsync(new(HttpMethod.Get, path), ct), ApiJsonContext.Default.MetaV1APIResourceList));
            }
            catch (NotFoundException)
            {
                return (gv, null); // a custom resource's group went away meanwhile
            }
        }));
        var resources = new List<ServedResource>();
        foreach (var (gv, list) in lists)
        {
            var (group, version) = gv.Contains('/') ? (gv[..gv.IndexOf('/')], gv[(gv.IndexOf('/') + 1)..]) : ("", gv);
            foreach (var r in list?.Resources ?? [])
            {
                if (r.Name is null || r.Name.Contains('/') || r.Kind is null) continue;
                resources.Add(new ServedResource(new KindInfo(group, version, r.Kind, r.Name, r.Namespaced ?? false), (r.Verbs ?? []).ToHashSet(StringComparer.Ordinal)));
            }
        }
        return resources;
    }
}
