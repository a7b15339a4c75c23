using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>Probes and lifecycle hooks (validateProbe, validateHandler, validateLifecycle, v1.32).</summary>
internal static class ProbeValidation
{
    private const string OneHandler = "may not specify more than 1 handler type";

    public static void ValidateProbes(JsonObject c, FieldPath path, PodValidationContext ctx, List<FieldError> errs)
    {
        if (Node.Obj(c, "livenessProbe") is { } liveness)
        {
            var p = path.Child("livenessProbe");
            ValidateProbe(liveness, p, ctx, errs);
            MustBeOne(liveness, p, errs);
        }

        if (Node.Obj(c, "readinessProbe") is { } readiness)
        {
            var p = path.Child("readinessProbe");
            ValidateProbe(readiness, p, ctx, errs);
            if (readiness["terminationGracePeriodSeconds"] is { } grace)
            {
                errs.Add(FieldError.Invalid(p.Child("terminationGracePeriodSeconds"), Node.AsLong(grace), "must not be set for readinessProbes"));
            }
        }

        if (Node.Obj(c, "startupProbe") is { } startup)
        {
            var p = path.Child("startupProbe");
            ValidateProbe(startup, p, ctx, errs);
            MustBeOne(startup, p, errs);
        }
    }

    public static void ValidateLifecycle(JsonObject lifecycle, FieldPath path, PodValidationContext ctx, List<FieldError> errs)
    {
        foreach (var hook in new[] { "postStart", "preStop" })
        {
            if (Node.Obj(lifecycle, hook) is { } handler)
            {
                ValidateHandler(handler, allowSleep: true, allowGrpc: false, path.Child(hook), ctx, errs);
            }
        }
    }

    private static void ValidateProbe(JsonObject probe, FieldPath path, PodValidationContext ctx, List<FieldError> errs)
    {
        ValidateHandler(probe, allowSleep: false, allowGrpc: true, path, ctx, errs);
        foreach (var field in new[] { "initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold" })
        {
            if (Node.Int(probe, field) is < 0 and var v)
            {
                errs.Add(FieldError.Invalid(path.Child(field), v, ResourceValidation.NegativeMessage));
            }
        }

        if (Node.Int(probe, "terminationGracePeriodSeconds") is <= 0 and var grace)
        {
            errs.Add(FieldError.Invalid(path.Child("terminationGracePeriodSeconds"), grace, "must be greater than 0"));
        }
    }

    private static void MustBeOne(JsonObject probe, FieldPath path, List<FieldError> errs)
    {
        var threshold = Node.Int(probe, "successThreshold") ?? 0;
        if (threshold != 1)
        {
            errs.Add(FieldError.Invalid(path.Child("successThreshold"), threshold, "must be 1"));
        }
    }

    private static void ValidateHandler(JsonObject handler, bool allowSleep, bool allowGrpc, FieldPath path, PodValidationContext ctx, List<FieldError> errs)
    {
        var count = 0;
        foreach (var kind in new[] { "exec", "httpGet", "tcpSocket", "grpc", "sleep" })
        {
            if ((kind == "grpc" && !allowGrpc) || (kind == "sleep" && !allowSleep) || Node.Obj(handler, kind) is not { } action)
            {
                continue;
            }

            var p = path.Child(kind);
            if (count > 0)
            {
                errs.Add(FieldError.Forbidden(p, OneHandler));
                continue;
            }

            count++;
            switch (kind)
            {
                case "exec":
                    if (Node.Count(action["command"]) == 0)
                    {
                        errs.Add(FieldError.Required(p.Child("command"), string.Empty));
                    }

                    break;
                case "httpGet":
                    ValidateHttpGet(action, p, errs);
                    break;
                case "tcpSocket":
                    ValidatePortNumOrName(action["port"], p.Child("port"), errs);
                    break;
                case "grpc":
                    ValidatePortNumOrName(JsonValue.Create(Node.Int(action, "port") ?? 0), p.Child("port"), errs);
                    break;
                default:
                    var seconds = Node.Int(action, "seconds") ?? 0;
                    if (ctx.GracePeriod is { } grace && (seconds <= 0 || seconds > grace))
                    {
                        errs.Add(FieldError.Invalid(p, seconds,
                            $"must be greater than 0 and less than terminationGracePeriodSeconds ({grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."));
                    }

                    break;
            }
        }

        if (count == 0)
        {
            errs.Add(FieldError.Required(path, "must specify a handler type"));
        }
    }

    private static void ValidateHttpGet(JsonObject http, FieldPath path, List<FieldError> errs)
    {
        if (Node.S(http, "path").Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("path"), string.Empty));
        }

        ValidatePortNumOrName(http["port"], path.Child("port"), errs);
        var scheme = Node.S(http, "scheme");
        if (scheme is not ("HTTP" or "HTTPS"))
        {
            errs.Add(FieldError.NotSupported(path.Child("scheme"), scheme, ["HTTP", "HTTPS"]));
        }

        foreach (var (header, _) in Node.Objects(Node.Arr(http, "httpHeaders")))
        {
            var name = Node.S(header, "name");
            foreach (var msg in Formats.HttpHeaderName(name))
            {
                errs.Add(FieldError.Invalid(path.Child("httpHeaders"), name, msg));
            }
        }
    }

    /// <summary>ValidatePortNumOrName: a number is a port number, a string a port name.</summary>
    public static void ValidatePortNumOrName(JsonNode? port, FieldPath path, List<FieldError> errs)
    {
        if (Node.AsString(port) is { } name)
        {
            foreach (var msg in Formats.PortName(name))
            {
                errs.Add(FieldError.Invalid(path, name, msg));
            }

            return;
        }

        var number = Node.AsLong(port) ?? 0;
        foreach (var msg in Formats.PortNum(number))
        {
            errs.Add(FieldError.Invalid(path, number, msg));
        }
    }
}
