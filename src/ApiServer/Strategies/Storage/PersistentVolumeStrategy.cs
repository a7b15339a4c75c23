using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Storage;

/// <summary>
/// PersistentVolumes (core/v1, cluster-scoped): reclaim policy Retain, volumeMode Filesystem and phase Pending
/// by default; access modes, a storage capacity, exactly one volume source and a known reclaim policy are required.
/// </summary>
public sealed class PersistentVolumeStrategy : ResourceStrategy
{
    private static readonly string[] Sources =
    [
        "gcePersistentDisk", "awsElasticBlockStore", "hostPath", "glusterfs", "nfs", "rbd", "iscsi", "cinder", "cephfs",
        "fc", "flocker", "flexVolume", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk",
        "portworxVolume", "scaleIO", "local", "storageos", "csi",
    ];

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = Node.Ensure(obj, "spec");
        Node.DefaultString(spec, "persistentVolumeReclaimPolicy", "Retain");
        Node.Default(spec, "volumeMode", "Filesystem");
        ResourceQuantities.Canonicalize(Node.Obj(spec, "capacity"));
        if (Node.Obj(spec, "hostPath") is { } hostPath)
        {
            Node.Default(hostPath, "type", string.Empty);
        }

        Node.DefaultString(Node.Ensure(obj, "status"), "phase", "Pending");
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var path = FieldPath.Root("spec");
        var modes = Node.Strings(Node.Arr(spec, "accessModes"));
        if (modes.Count == 0)
        {
            errs.Add(FieldError.Required(path.Child("accessModes"), string.Empty));
        }

        foreach (var mode in modes.Where(m => !PersistentVolumeClaimValidation.AccessModes.Contains(m)))
        {
            errs.Add(FieldError.NotSupported(path.Child("accessModes"), mode, PersistentVolumeClaimValidation.AccessModes));
        }

        var capacity = Node.Obj(spec, "capacity");
        if (Node.Count(capacity) == 0)
        {
            errs.Add(FieldError.Required(path.Child("capacity"), string.Empty));
        }
        else if (!capacity!.ContainsKey("storage") || capacity.Count > 1)
        {
            errs.Add(FieldError.NotSupported(path.Child("capacity"), GoValue.Json(capacity), ["storage"]));
        }

        var policy = Node.S(spec, "persistentVolumeReclaimPolicy");
        if (policy.Length > 0 && policy is not ("Delete" or "Recycle" or "Retain"))
        {
            errs.Add(FieldError.NotSupported(path.Child("persistentVolumeReclaimPolicy"), policy, ["Delete", "Recycle", "Retain"]));
        }

        var count = Sources.Count(s => Node.Has(spec, s));
        if (count == 0)
        {
            errs.Add(FieldError.Required(path, "must specify a volume type"));
        }
        else if (count > 1)
        {
            errs.Add(FieldError.Forbidden(path.Child(Sources.Where(s => Node.Has(spec, s)).Skip(1).First()), "may not specify more than 1 volume type"));
        }

        return Causes.Of(errs);
    }

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old) => Validate(obj);
}
