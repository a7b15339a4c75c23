using System.Text.Json.Nodes;
using Cluster.ApiServer.Handlers;
using Cluster.ApiServer.Registry;

namespace Cluster.ApiServer.Admission;

/// <summary>
/// The mutating and validating admission a new object goes through after defaulting and before validation (dry runs
/// included): the plugins of <see cref="AdmissionPlugins"/> that <see cref="ApiServerOptions.DisabledAdmissionPlugins"/>
/// leaves on, in upstream's order. Each plugin picks the resources it cares about; a refusal is an
/// <see cref="Errors.ApiException"/> (403).
/// </summary>
public sealed class CreateAdmission(ApiServices api, ApiServerOptions options)
{
    private readonly ServiceAccountAdmission? _serviceAccounts =
        options.DisabledAdmissionPlugins.Contains(AdmissionPlugins.ServiceAccount) ? null : new ServiceAccountAdmission(api);

    private readonly bool _priority = !options.DisabledAdmissionPlugins.Contains(AdmissionPlugins.Priority);

    public async ValueTask AdmitAsync(ResourceDefinition r, JsonObject obj, CancellationToken ct)
    {
        if (_serviceAccounts is not null) await _serviceAccounts.ApplyAsync(r, obj, ct);
        if (_priority) await PodPriorityAdmission.ApplyAsync(api, r, obj, ct);
    }
}
