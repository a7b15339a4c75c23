using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Networking;

/// <summary>IngressClasses (networking.k8s.io/v1): parameters scope Cluster by default; a controller is required and immutable.</summary>
public sealed class IngressClassStrategy : ResourceStrategy
{
    public IngressClassStrategy() => TracksGeneration = true;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (Node.Obj(Node.Obj(obj, "spec"), "parameters") is { } parameters)
        {
            Node.Default(parameters, "scope", "Cluster");
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(ValidateClass(obj));

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = ValidateClass(obj);
        var controller = Node.S(Node.Obj(obj, "spec"), "controller");
        if (controller != Node.S(Node.Obj(old, "spec"), "controller"))
        {
            errs.Add(FieldError.Invalid(FieldPath.Root("spec", "controller"), controller, "field is immutable"));
        }

        return Causes.Of(errs);
    }

    private static List<FieldError> ValidateClass(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var controller = Node.S(spec, "controller");
        var path = FieldPath.Root("spec", "controller");
        if (controller.Length == 0)
        {
            errs.Add(FieldError.Required(path, string.Empty));
        }
        else if (controller.Length > 250)
        {
            errs.Add(FieldError.TooLong(path, 250));
        }

        if (Node.Obj(spec, "parameters") is { } parameters)
        {
            foreach (var field in new[] { "kind", "name" })
            {
                if (Node.S(parameters, field).Length == 0)
                {
                    errs.Add(FieldError.Required(FieldPath.Root("spec", "parameters", field), string.Empty));
                }
            }

            var scope = Node.S(parameters, "scope");
            if (scope is not ("Cluster" or "Namespace"))
            {
                errs.Add(FieldError.NotSupported(FieldPath.Root("spec", "parameters", "scope"), scope, ["Cluster", "Namespace"]));
            }
        }

        return errs;
    }
}
