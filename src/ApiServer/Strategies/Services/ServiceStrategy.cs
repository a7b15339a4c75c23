using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Services;

/// <summary>
/// Services (core/v1): DNS-1035 names, SetDefaults_Service and the IP family defaults, an empty load balancer
/// status on create, ValidateService, and on update the REST layer's carry-over of allocated values (cluster
/// IPs, node ports, health check port) plus the immutable cluster IPs.
/// </summary>
public sealed class ServiceStrategy : ResourceStrategy
{
    public ServiceStrategy() => Names = NameRule.Dns1035Label;

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ServiceDefaults.Apply(obj);
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(ServiceValidation.Validate(obj));

    /// <summary>
    /// Before validating, copies allocated values a client left out from the old object and drops fields the
    /// new type no longer uses (as upstream's PrepareForUpdate does; the contract has no such hook, so the
    /// object is adjusted here).
    /// </summary>
    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var spec = Node.Ensure(obj, "spec");
        var oldSpec = Node.Obj(old, "spec") ?? [];
        ServiceUpdates.PatchAllocatedValues(spec, oldSpec);
        ServiceUpdates.DropTypeDependentFields(spec, oldSpec);
        var errs = new List<FieldError>();
        ServiceIpValidation.ValidateUpgradeDowngrade(spec, oldSpec, errs);
        if (NeedsHealthCheck(oldSpec) && NeedsHealthCheck(spec) && Node.Int(spec, "healthCheckNodePort") != Node.Int(oldSpec, "healthCheckNodePort"))
        {
            errs.Add(FieldError.Forbidden(FieldPath.Root("spec", "healthCheckNodePort"), "field is immutable"));
        }

        errs.AddRange(ServiceValidation.Validate(obj));
        return Causes.Of(errs);
    }

    private static bool NeedsHealthCheck(JsonObject spec) =>
        Node.S(spec, "type") == "LoadBalancer" && Node.S(spec, "externalTrafficPolicy") == "Local";
}
