using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Coordination;

/// <summary>Leases (coordination.k8s.io/v1): ValidateLeaseSpec (a positive duration, non-negative transitions).</summary>
public sealed class LeaseStrategy : ResourceStrategy
{
    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var path = FieldPath.Root("spec");
        if (Node.Int(spec, "leaseDurationSeconds") is <= 0 and var duration)
        {
            errs.Add(FieldError.Invalid(path.Child("leaseDurationSeconds"), duration, "must be greater than 0"));
        }

        if (Node.Int(spec, "leaseTransitions") is < 0 and var transitions)
        {
            errs.Add(FieldError.Invalid(path.Child("leaseTransitions"), transitions, "must be greater than or equal to 0"));
        }

        return Causes.Of(errs);
    }
}
