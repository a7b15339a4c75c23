using static Cluster.ApiServer.Tests.Printing.PrinterFixture;

namespace Cluster.ApiServer.Tests.Printing;

public class StoragePrinterTests
{
    [Fact]
    public void Bound_claim_prints_volume_capacity_and_access_modes()
    {
        Assert.Equal("Name|Status|Volume|Capacity|Access Modes|StorageClass|VolumeAttributesClass|Age|VolumeMode*",
            Headers("", "persistentvolumeclaims"));
        Assert.Equal("""["data-db-0","Bound","pvc-1234","10Gi","RWO,RWX","standard","<unset>","5m","Filesystem"]""",
            Cells("", "persistentvolumeclaims", """
                {"metadata":{"name":"data-db-0","creationTimestamp":"2024-05-01T11:55:00Z"},
                 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"10Gi"}},"storageClassName":"standard",
                         "volumeMode":"Filesystem","volumeName":"pvc-1234"},
                 "status":{"phase":"Bound","accessModes":["ReadWriteMany","ReadWriteOnce"],"capacity":{"storage":"10Gi"}} }
                """));
    }

    [Fact]
    public void Pending_claim_leaves_capacity_blank_and_deleting_claim_is_terminating()
    {
        Assert.Equal("""["c","Pending","","","","fast","<unset>","<unknown>","<unset>"]""", Cells("", "persistentvolumeclaims", """
            {"metadata":{"name":"c","annotations":{"volume.beta.kubernetes.io/storage-class":"fast"}},
             "spec":{"storageClassName":"standard"},"status":{"phase":"Pending"}}
            """));
        Assert.Equal("""["d","Terminating","","","","","<unset>","<unknown>","<unset>"]""", Cells("", "persistentvolumeclaims", """
            {"metadata":{"name":"d","deletionTimestamp":"2024-05-01T11:59:00Z"},"spec":{},"status":{"phase":"Bound"}}
            """));
    }

    [Fact]
    public void PersistentVolume_prints_claim_and_policy()
    {
        Assert.Equal("""["pv-1","5Gi","RWOP","Retain","Bound","default/data","local","<unset>","","5m","Block"]""",
            Cells("", "persistentvolumes", """
                {"metadata":{"name":"pv-1","creationTimestamp":"2024-05-01T11:55:00Z"},
                 "spec":{"capacity":{"storage":"5Gi"},"accessModes":["ReadWriteOncePod"],"persistentVolumeReclaimPolicy":"Retain",
                         "storageClassName":"local","volumeMode":"Block","claimRef":{"namespace":"default","name":"data"}},
                 "status":{"phase":"Bound"}}
                """));
    }

    [Fact]
    public void Default_storage_class_is_marked_and_defaults_apply()
    {
        Assert.Equal("""["standard (default)","rancher.io/local-path","Delete","Immediate",false,"<unknown>"]""",
            Cells("storage.k8s.io", "storageclasses", """
                {"metadata":{"name":"standard","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
                 "provisioner":"rancher.io/local-path"}
                """));
    }
}
