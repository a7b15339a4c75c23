using System.Text.Json;
using Cluster.Api;
using Cluster.Api.Serialization;
using Cluster.Runtime.Client.Errors;

namespace Cluster.Runtime.Client;

/// <summary>
/// The API's discovery documents (<c>/api</c>, <c>/apis</c> and each group-version): the resources served now, in
/// each group's preferred version, custom resources included. Subresources (<c>pods/status</c>) are left out.
/// </summary>
public sealed class DiscoveryClient(ApiTransport transport)
{
    /// <summary>
    /// Every top-level resource in its group's preferred version. A group-version whose document cannot be read is
    /// reported in <see cref="DiscoveredResources.FailedGroupVersions"/> and the others are still returned, so that a
    /// broken group (an aggregated API that is down) does not stop the controllers that need the rest.
    /// </summary>
    /// <exception cref="ApiException">The group list itself (<c>/apis</c>) could not be read.</exception>
    public async Task<DiscoveredResources> ServerPreferredResourcesAsync(CancellationToken ct = default)
    {
        var groupVersions = new List<string> { "v1" };
        var groups = JsonSerializer.Deserialize(await transport.SendAsync(new(HttpMethod.Get, "/apis"), ct), ApiJsonContext.Default.MetaV1APIGroupList);
        foreach (var group in groups?.Groups ?? [])
            if ((group.PreferredVersion ?? (group.Versions is { Count: > 0 } versions ? versions[0] : null))?.GroupVersion is { } gv) groupVersions.Add(gv);

        var lists = await Task.WhenAll(groupVersions.Select(gv => ResourceListAsync(gv, ct)));
        var resources = new List<ServedResource>();
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (gv, list, error) in lists)
        {
            if (error is not null) failed[gv] = error;
            var (group, version) = gv.Contains('/') ? (gv[..gv.IndexOf('/')], gv[(gv.IndexOf('/') + 1)..]) : ("", gv);
            foreach (var r in list?.Resources ?? [])
            {
                if (r.Name is null || r.Name.Contains('/') || r.Kind is null) continue;
                resources.Add(new ServedResource(new KindInfo(group, version, r.Kind, r.Name, r.Namespaced ?? false), (r.Verbs ?? []).ToHashSet(StringComparer.Ordinal)));
            }
        }
        return new DiscoveredResources(resources, failed);
    }

    private async Task<(string GroupVersion, Api.Meta.V1.APIResourceList? List, string? Error)> ResourceListAsync(string gv, CancellationToken ct)
    {
        try
        {
            var path = gv == "v1" ? "/api/v1" : $"/apis/{gv}";
            return (gv, JsonSerializer.Deserialize(await transport.SendAsync(new(HttpMethod.Get, path), ct), ApiJsonContext.Default.MetaV1APIResourceList), null);
        }
        catch (NotFoundException)
        {
            return (gv, null, null); // a custom resource's group went away meanwhile
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException or JsonException)
        {
            return (gv, null, e.Message);
        }
    }
}
