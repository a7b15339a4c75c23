using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Core;

/// <summary>
/// Events (core/v1 and events.k8s.io/v1): upstream's ValidateEventCreate. Core events only need their involved
/// object's namespace to match; events written with eventTime (and every events.k8s.io/v1 event) also need a
/// reporting controller and instance, an action and a reason within the length limits.
/// </summary>
public sealed class EventStrategy : ResourceStrategy
{
    public override IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(ValidateEvent(obj));

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old) => Causes.Of(ValidateEvent(obj));

    private static List<FieldError> ValidateEvent(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var eventsApi = Node.S(obj, "apiVersion").StartsWith("events.k8s.io/", StringComparison.Ordinal);
        var ns = Node.S(Node.Obj(obj, "metadata"), "namespace");
        var involved = Node.Obj(obj, eventsApi ? "regarding" : "involvedObject");
        var involvedPath = FieldPath.Root(eventsApi ? "regarding" : "involvedObject", "namespace");
        var involvedNs = Node.S(involved, "namespace");
        var reportingPath = FieldPath.Root(eventsApi ? "reportingController" : "reportingComponent");
        if (!Node.Has(obj, "eventTime") && !eventsApi)
        {
            if (involvedNs.Length == 0 ? ns is not ("" or "default") : ns != involvedNs)
            {
                errs.Add(FieldError.Invalid(involvedPath, involvedNs, "does not match event.namespace"));
            }
        }
        else
        {
            if (involvedNs.Length == 0 && ns is not ("default" or "kube-system"))
            {
                errs.Add(FieldError.Invalid(involvedPath, involvedNs, "does not match event.namespace"));
            }

            var controller = Node.S(obj, "reportingController");
            if (controller.Length == 0)
            {
                errs.Add(FieldError.Required(reportingPath, string.Empty));
            }

            foreach (var msg in NameValidation.IsQualifiedName(controller))
            {
                errs.Add(FieldError.Invalid(reportingPath, controller, msg));
            }

            Limit(obj, "reportingInstance", 128, required: true, errs);
            Limit(obj, "action", 128, required: true, errs);
            Limit(obj, "reason", 128, required: true, errs);
            Limit(obj, eventsApi ? "note" : "message", 1024, required: false, errs);
            if (eventsApi)
            {
                if (!Node.Has(obj, "eventTime"))
                {
                    errs.Add(FieldError.Required(FieldPath.Root("eventTime"), string.Empty));
                }

                var type = Node.S(obj, "type");
                if (type is not ("Normal" or "Warning"))
                {
                    errs.Add(FieldError.Invalid(FieldPath.Root("type"), string.Empty, "has invalid value: " + type));
                }
            }
        }

        foreach (var msg in NameValidation.IsDns1123Subdomain(ns))
        {
            errs.Add(FieldError.Invalid(FieldPath.Root("namespace"), ns, msg));
        }

        return errs;
    }

    private static void Limit(JsonObject obj, string field, int max, bool required, List<FieldError> errs)
    {
        var value = Node.S(obj, field);
        if (required && value.Length == 0)
        {
            errs.Add(FieldError.Required(FieldPath.Root(field), string.Empty));
        }

        if (System.Text.Encoding.UTF8.GetByteCount(value) > max)
        {
            errs.Add(FieldError.Invalid(FieldPath.Root(field), string.Empty, $"can have at most {max} characters"));
        }
    }
}
