using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>Per-container field checks: ports, volume mounts and devices, pull policy (core validation, v1.32).</summary>
internal static class ContainerFieldValidation
{
    public static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    public static void ValidatePorts(JsonArray? ports, FieldPath path, List<FieldError> errs)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (port, i) in Node.Objects(ports))
        {
            var p = path.Index(i);
            var name = Node.S(port, "name");
            if (name.Length > 0)
            {
                var msgs = Formats.PortName(name);
                foreach (var msg in msgs)
                {
                    errs.Add(FieldError.Invalid(p.Child("name"), name, msg));
                }

                if (msgs.Count == 0 && !names.Add(name))
                {
                    errs.Add(FieldError.Duplicate(p.Child("name"), name));
                }
            }

            var containerPort = Node.Int(port, "containerPort") ?? 0;
            if (containerPort == 0)
            {
                errs.Add(FieldError.Required(p.Child("containerPort"), string.Empty));
            }
            else
            {
                foreach (var msg in Formats.PortNum(containerPort))
                {
                    errs.Add(FieldError.Invalid(p.Child("containerPort"), containerPort, msg));
                }
            }

            var hostPort = Node.Int(port, "hostPort") ?? 0;
            if (hostPort != 0)
            {
                foreach (var msg in Formats.PortNum(hostPort))
                {
                    errs.Add(FieldError.Invalid(p.Child("hostPort"), hostPort, msg));
                }
            }

            ValidateProtocol(Node.S(port, "protocol"), p.Child("protocol"), errs);
        }
    }

    public static void ValidateProtocol(string protocol, FieldPath path, List<FieldError> errs)
    {
        if (protocol.Length == 0)
        {
            errs.Add(FieldError.Required(path, string.Empty));
        }
        else if (!Protocols.Contains(protocol))
        {
            errs.Add(FieldError.NotSupported(path, protocol, Protocols));
        }
    }

    public static void ValidatePullPolicy(string policy, FieldPath path, List<FieldError> errs)
    {
        switch (policy)
        {
            case "Always" or "IfNotPresent" or "Never":
                break;
            case "":
                errs.Add(FieldError.Required(path, string.Empty));
                break;
            default:
                errs.Add(FieldError.NotSupported(path, policy, ["Always", "IfNotPresent", "Never"]));
                break;
        }
    }

    /// <summary>volumeMounts and volumeDevices of the container at <paramref name="containerPath"/>.</summary>
    public static void ValidateVolumeMounts(JsonObject container, FieldPath containerPath, PodValidationContext ctx, List<FieldError> errs)
    {
        var path = containerPath.Child("volumeMounts");
        var devices = Node.Objects(Node.Arr(container, "volumeDevices"))
            .Select(d => (Name: Node.S(d.Item, "name"), DevicePath: Node.S(d.Item, "devicePath"))).ToList();
        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (mount, i) in Node.Objects(Node.Arr(container, "volumeMounts")))
        {
            var p = path.Index(i);
            var name = Node.S(mount, "name");
            var mountPath = Node.S(mount, "mountPath");
            if (name.Length == 0)
            {
                errs.Add(FieldError.Required(p.Child("name"), string.Empty));
            }

            if (!ctx.Volumes.ContainsKey(name))
            {
                errs.Add(FieldError.NotFound(p.Child("name"), name));
            }

            if (mountPath.Length == 0)
            {
                errs.Add(FieldError.Required(p.Child("mountPath"), string.Empty));
            }

            if (!mountPoints.Add(mountPath))
            {
                errs.Add(FieldError.Invalid(p.Child("mountPath"), mountPath, "must be unique"));
            }

            if (devices.Any(d => d.Name == name))
            {
                errs.Add(FieldError.Invalid(p.Child("name"), name, "must not already exist in volumeDevices"));
            }

            if (devices.Any(d => d.DevicePath == mountPath))
            {
                errs.Add(FieldError.Invalid(p.Child("mountPath"), mountPath, "must not already exist as a path in volumeDevices"));
            }

            var subPath = Node.S(mount, "subPath");
            var subPathExpr = Node.S(mount, "subPathExpr");
            // Upstream reports sub-path problems on the list's path, not the item's.
            if (subPath.Length > 0)
            {
                VolumeValidation.ValidateLocalDescendingPath(subPath, path.Child("subPath"), errs);
            }

            if (subPathExpr.Length > 0)
            {
                if (subPath.Length > 0)
                {
                    errs.Add(FieldError.Invalid(p.Child("subPathExpr"), subPathExpr, "subPathExpr and subPath are mutually exclusive"));
                }

                VolumeValidation.ValidateLocalDescendingPath(subPathExpr, path.Child("subPathExpr"), errs);
            }

            ValidatePropagation(mount, container, path, errs);
        }

        ValidateVolumeDevices(container, containerPath.Child("volumeDevices"), ctx, errs);
    }

    private static void ValidatePropagation(JsonObject mount, JsonObject container, FieldPath listPath, List<FieldError> errs)
    {
        if (Node.Str(mount, "mountPropagation") is not { } mode)
        {
            return;
        }

        var p = listPath.Child("mountPropagation");
        if (mode is not ("None" or "HostToContainer" or "Bidirectional"))
        {
            errs.Add(FieldError.NotSupported(p, mode, ["Bidirectional", "HostToContainer", "None"]));
        }
        else if (mode == "Bidirectional" && Node.Bool(Node.Obj(container, "securityContext"), "privileged") != true)
        {
            errs.Add(FieldError.Forbidden(p, "Bidirectional mount propagation is available only to privileged containers"));
        }
    }

    private static void ValidateVolumeDevices(JsonObject container, FieldPath path, PodValidationContext ctx, List<FieldError> errs)
    {
        var mounts = Node.Objects(Node.Arr(container, "volumeMounts"))
            .Select(m => (Name: Node.S(m.Item, "name"), MountPath: Node.S(m.Item, "mountPath"))).ToList();
        var devicePaths = new HashSet<string>(StringComparer.Ordinal);
        var deviceNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (device, i) in Node.Objects(Node.Arr(container, "volumeDevices")))
        {
            var p = path.Index(i);
            var name = Node.S(device, "name");
            var devicePath = Node.S(device, "devicePath");
            var found = ctx.Volumes.TryGetValue(name, out var volume);
            if (name.Length == 0)
            {
                errs.Add(FieldError.Required(p.Child("name"), string.Empty));
            }

            if (deviceNames.Contains(name))
            {
                errs.Add(FieldError.Invalid(p.Child("name"), name, "must be unique"));
            }

            if (found && !Node.Has(volume, "persistentVolumeClaim") && !Node.Has(volume, "ephemeral"))
            {
                errs.Add(FieldError.Invalid(p.Child("name"), name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"));
            }

            if (!found)
            {
                errs.Add(FieldError.NotFound(p.Child("name"), name));
            }

            if (devicePath.Length == 0)
            {
                errs.Add(FieldError.Required(p.Child("devicePath"), string.Empty));
            }

            if (!devicePaths.Add(devicePath))
            {
                errs.Add(FieldError.Invalid(p.Child("devicePath"), devicePath, "must be unique"));
            }

            if (mounts.Any(m => m.Name == name))
            {
                errs.Add(FieldError.Invalid(p.Child("name"), name, "must not already exist in volumeMounts"));
            }

            if (mounts.Any(m => m.MountPath == devicePath))
            {
                errs.Add(FieldError.Invalid(p.Child("devicePath"), devicePath, "must not already exist as a path in volumeMounts"));
            }

            if (name.Length > 0)
            {
                deviceNames.Add(name);
            }
        }
    }
}
