using System.Text.Json.Nodes;
using Cluster.ApiServer.Strategies.Shared;
using Cluster.ApiServer.Strategies.Storage;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>core/v1 defaulting of one pod volume (SetDefaults_Volume and the per-source defaults).</summary>
internal static class VolumeDefaults
{
    /// <summary>Every volume source field of v1.VolumeSource (v1.32).</summary>
    public static readonly string[] SourceKeys =
    [
        "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi",
        "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc",
        "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected",
        "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image",
    ];

    private const int DefaultMode = 420; // 0644

    public static void Apply(JsonObject volume)
    {
        if (!SourceKeys.Any(k => Node.Has(volume, k)))
        {
            volume["emptyDir"] = new JsonObject();
        }

        ResourceQuantities.CanonicalizeField(Node.Obj(volume, "emptyDir"), "sizeLimit");
        if (Node.Obj(volume, "hostPath") is { } hostPath)
        {
            Node.Default(hostPath, "type", string.Empty);
        }

        if (Node.Obj(volume, "secret") is { } secret)
        {
            Node.Default(secret, "defaultMode", DefaultMode);
        }

        if (Node.Obj(volume, "configMap") is { } configMap)
        {
            Node.Default(configMap, "defaultMode", DefaultMode);
        }

        if (Node.Obj(volume, "downwardAPI") is { } downward)
        {
            Node.Default(downward, "defaultMode", DefaultMode);
            DefaultFieldRefs(downward);
        }

        if (Node.Obj(volume, "projected") is { } projected)
        {
            Node.Default(projected, "defaultMode", DefaultMode);
            foreach (var (source, _) in Node.Objects(Node.Arr(projected, "sources")))
            {
                if (Node.Obj(source, "serviceAccountToken") is { } token)
                {
                    Node.Default(token, "expirationSeconds", 3600);
                }

                if (Node.Obj(source, "downwardAPI") is { } d)
                {
                    DefaultFieldRefs(d);
                }
            }
        }

        ApplyLegacySources(volume);
        if (Node.Obj(Node.Obj(Node.Obj(volume, "ephemeral"), "volumeClaimTemplate"), "spec") is { } claimSpec)
        {
            PersistentVolumeClaimDefaults.ApplySpec(claimSpec);
        }
    }

    private static void DefaultFieldRefs(JsonObject downwardApi)
    {
        foreach (var (item, _) in Node.Objects(Node.Arr(downwardApi, "items")))
        {
            if (Node.Obj(item, "fieldRef") is { } fieldRef)
            {
                Node.DefaultString(fieldRef, "apiVersion", "v1");
            }
        }
    }

    // The declarative (+default=) values of in-tree volume plugins.
    private static void ApplyLegacySources(JsonObject volume)
    {
        if (Node.Obj(volume, "iscsi") is { } iscsi)
        {
            Node.DefaultString(iscsi, "iscsiInterface", "default");
        }

        if (Node.Obj(volume, "rbd") is { } rbd)
        {
            Node.DefaultString(rbd, "pool", "rbd");
            Node.DefaultString(rbd, "user", "admin");
            Node.DefaultString(rbd, "keyring", "/etc/ceph/keyring");
        }

        if (Node.Obj(volume, "azureDisk") is { } azureDisk)
        {
            Node.DefaultString(azureDisk, "cachingMode", "ReadWrite");
            Node.DefaultString(azureDisk, "fsType", "ext4");
            Node.Default(azureDisk, "readOnly", false);
            Node.DefaultString(azureDisk, "kind", "Shared");
        }

        if (Node.Obj(volume, "scaleIO") is { } scaleIo)
        {
            Node.DefaultString(scaleIo, "storageMode", "ThinProvisioned");
            Node.DefaultString(scaleIo, "fsType", "xfs");
        }
    }
}
