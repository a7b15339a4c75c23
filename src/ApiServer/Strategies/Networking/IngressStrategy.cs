using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Networking;

/// <summary>
/// Ingresses (networking.k8s.io/v1): an empty load balancer status on create and validateIngressSpec (rules or a
/// default backend, hosts, path types and absolute paths, one backend with a service port name or number, TLS
/// hosts and secret names, the class name and the legacy class annotation).
/// </summary>
public sealed class IngressStrategy : ResourceStrategy
{
    private static readonly string[] PathTypes = ["Exact", "ImplementationSpecific", "Prefix"];
    private static readonly string[] InvalidSequences = ["//", "/./", "/../", "%2f", "%2F"];

    public IngressStrategy() => TracksGeneration = true;

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var path = FieldPath.Root("spec");
        var rules = Node.Arr(spec, "rules");
        if (Node.Count(rules) == 0 && Node.Obj(spec, "defaultBackend") is null)
        {
            errs.Add(FieldError.Invalid(path, GoValue.Literal("[]networking.IngressRule(nil)"), "either `defaultBackend` or `rules` must be specified"));
        }

        if (Node.Obj(spec, "defaultBackend") is { } defaultBackend)
        {
            ValidateBackend(defaultBackend, path.Child("defaultBackend"), errs);
        }

        foreach (var (rule, i) in Node.Objects(rules))
        {
            var p = path.Child("rules").Index(i);
            var host = Node.S(rule, "host");
            if (host.Length > 0)
            {
                if (Formats.ParseIp(host) is not null)
                {
                    errs.Add(FieldError.Invalid(p.Child("host"), host, "must be a DNS name, not an IP address"));
                }

                var msgs = host.Contains('*', StringComparison.Ordinal) ? Formats.WildcardDns1123Subdomain(host) : NameValidation.IsDns1123Subdomain(host);
                foreach (var msg in msgs)
                {
                    errs.Add(FieldError.Invalid(p.Child("host"), host, msg));
                }
            }

            if (Node.Obj(rule, "http") is { } http)
            {
                var paths = Node.Arr(http, "paths");
                if (Node.Count(paths) == 0)
                {
                    errs.Add(FieldError.Required(p.Child("http", "paths"), string.Empty));
                }

                foreach (var (ingressPath, j) in Node.Objects(paths))
                {
                    ValidatePath(ingressPath, p.Child("http", "paths").Index(j), errs);
                }
            }
        }

        foreach (var (tls, i) in Node.Objects(Node.Arr(spec, "tls")))
        {
            var p = path.Child("tls").Index(i);
            var hosts = Node.Strings(Node.Arr(tls, "hosts"));
            for (var j = 0; j < hosts.Count; j++)
            {
                var msgs = hosts[j].Contains('*', StringComparison.Ordinal) ? Formats.WildcardDns1123Subdomain(hosts[j]) : NameValidation.IsDns1123Subdomain(hosts[j]);
                foreach (var msg in msgs)
                {
                    errs.Add(FieldError.Invalid(p.Child("hosts").Index(j), hosts[j], msg));
                }
            }

            if (Node.S(tls, "secretName") is { Length: > 0 } secretName)
            {
                foreach (var msg in NameValidation.IsDns1123Subdomain(secretName))
                {
                    errs.Add(FieldError.Invalid(p.Child("secretName"), secretName, msg));
                }
            }
        }

        if (Node.Str(spec, "ingressClassName") is { } className)
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(className))
            {
                errs.Add(FieldError.Invalid(path.Child("ingressClassName"), className, msg));
            }

            const string annotation = "kubernetes.io/ingress.class";
            if (Node.Str(Node.Obj(Node.Obj(obj, "metadata"), "annotations"), annotation) is { } legacy)
            {
                errs.Add(FieldError.Invalid(FieldPath.Root("annotations").Child(annotation), legacy, "can not be set when the class field is also set"));
            }
        }

        return Causes.Of(errs);
    }

    private static void ValidatePath(JsonObject ingressPath, FieldPath path, List<FieldError> errs)
    {
        if (Node.Str(ingressPath, "pathType") is not { } pathType)
        {
            errs.Add(FieldError.Required(path.Child("pathType"), "pathType must be specified"));
            return;
        }

        var value = Node.S(ingressPath, "path");
        switch (pathType)
        {
            case "Exact" or "Prefix":
                if (!value.StartsWith('/'))
                {
                    errs.Add(FieldError.Invalid(path.Child("path"), value, "must be an absolute path"));
                }

                foreach (var seq in InvalidSequences.Where(s => value.Contains(s, StringComparison.Ordinal)))
                {
                    errs.Add(FieldError.Invalid(path.Child("path"), value, $"must not contain '{seq}'"));
                }

                foreach (var suffix in new[] { "/..", "/." }.Where(s => value.EndsWith(s, StringComparison.Ordinal)))
                {
                    errs.Add(FieldError.Invalid(path.Child("path"), value, $"cannot end with '{suffix}'"));
                }

                break;
            case "ImplementationSpecific":
                if (value.Length > 0 && !value.StartsWith('/'))
                {
                    errs.Add(FieldError.Invalid(path.Child("path"), value, "must be an absolute path"));
                }

                break;
            default:
                errs.Add(FieldError.NotSupported(path.Child("pathType"), pathType, PathTypes));
                break;
        }

        ValidateBackend(Node.Obj(ingressPath, "backend"), path.Child("backend"), errs);
    }

    private static void ValidateBackend(JsonObject? backend, FieldPath path, List<FieldError> errs)
    {
        var resource = Node.Obj(backend, "resource");
        var service = Node.Obj(backend, "service");
        if (resource is not null && service is not null)
        {
            errs.Add(FieldError.Invalid(path, string.Empty, "cannot set both resource and service backends"));
        }
        else if (resource is not null)
        {
            foreach (var field in new[] { "kind", "name" })
            {
                if (Node.S(resource, field).Length == 0)
                {
                    errs.Add(FieldError.Required(path.Child("resource", field), string.Empty));
                }
            }
        }
        else if (service is not null)
        {
            var name = Node.S(service, "name");
            if (name.Length == 0)
            {
                errs.Add(FieldError.Required(path.Child("service", "name"), string.Empty));
            }
            else
            {
                foreach (var msg in NameValidation.IsDns1035Label(name))
                {
                    errs.Add(FieldError.Invalid(path.Child("service", "name"), name, msg));
                }
            }

            var port = Node.Obj(service, "port");
            var portName = Node.S(port, "name");
            var number = Node.Int(port, "number") ?? 0;
            if (portName.Length > 0 && number != 0)
            {
                errs.Add(FieldError.Invalid(path, string.Empty, "cannot set both port name & port number"));
            }
            else if (portName.Length > 0)
            {
                foreach (var msg in Formats.PortName(portName))
                {
                    errs.Add(FieldError.Invalid(path.Child("service", "port", "name"), portName, msg));
                }
            }
            else if (number != 0)
            {
                foreach (var msg in Formats.PortNum(number))
                {
                    errs.Add(FieldError.Invalid(path.Child("service", "port", "number"), number, msg));
                }
            }
            else
            {
                errs.Add(FieldError.Required(path, "port name or number is required"));
            }
        }
        else
        {
            errs.Add(FieldError.Invalid(path, string.Empty, "resource or service backend is required"));
        }
    }
}
