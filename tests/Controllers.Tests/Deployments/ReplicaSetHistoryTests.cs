using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Deployments;

namespace Cluster.Controllers.Tests.Deployments;

public sealed class ReplicaSetHistoryTests
{
    private static Deployment D(string image = "app:1", int? collisions = null, int historyLimit = 10) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "ns", Uid = "d-uid", Annotations = new Dictionary<string, string> { [DeploymentAnnotations.ChangeCause] = "v1", [DeploymentAnnotations.LastAppliedConfig] = "{}" } },
        Spec = new DeploymentSpec
        {
            Replicas = 4,
            RevisionHistoryLimit = historyLimit,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new PodSpec { Containers = [new Container { Name = "app", Image = image }] },
            },
        },
        Status = new DeploymentStatus { CollisionCount = collisions },
    };

    [Fact]
    public void The_template_hash_is_stable_changes_with_the_template_and_with_a_collision()
    {
        var hash = TemplateHash.Of(D().Spec!.Template, null);
        Assert.Equal(hash, TemplateHash.Of(D().Spec!.Template, null));
        Assert.NotEqual(hash, TemplateHash.Of(D("app:2").Spec!.Template, null));
        Assert.NotEqual(hash, TemplateHash.Of(D().Spec!.Template, 1));
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]+$", hash);
    }

    [Fact]
    public void A_new_replica_set_carries_the_hash_in_name_labels_and_selector_and_the_deployments_own_annotations()
    {
        var rs = ReplicaSetHistory.New(D(), revision: 3, replicas: 1);
        var hash = TemplateHash.Of(D().Spec!.Template, null);
        Assert.Equal($"web-{hash}", rs.Metadata!.Name);
        Assert.Equal(hash, rs.Spec!.Template!.Metadata!.Labels![DeploymentAnnotations.PodTemplateHash]);
        Assert.Equal(hash, rs.Spec.Selector!.MatchLabels![DeploymentAnnotations.PodTemplateHash]);
        Assert.Equal(("3", "v1", "4", "5"), (rs.Metadata.Annotations![DeploymentAnnotations.Revision], rs.Metadata.Annotations[DeploymentAnnotations.ChangeCause],
            rs.Metadata.Annotations[DeploymentAnnotations.DesiredReplicas], rs.Metadata.Annotations[DeploymentAnnotations.MaxReplicas]));
        Assert.False(rs.Metadata.Annotations.ContainsKey(DeploymentAnnotations.LastAppliedConfig));
        Assert.True(TemplateHash.EqualIgnoringHash(rs.Spec.Template, D().Spec!.Template));
        Assert.Same(rs, ReplicaSetHistory.FindNew(D(), [ReplicaSetHistory.New(D("app:0"), 1, 0), rs]));
    }

    [Fact]
    public void A_reused_replica_set_records_the_revisions_it_had()
    {
        var annotations = ReplicaSetHistory.Annotations(D(), new Dictionary<string, string> { [DeploymentAnnotations.Revision] = "1" }, 3, 1);
        Assert.Equal(("3", "1"), (annotations[DeploymentAnnotations.Revision], annotations[DeploymentAnnotations.RevisionHistory]));
        var again = ReplicaSetHistory.Annotations(D(), annotations, 5, 1);
        Assert.Equal("1,3", again[DeploymentAnnotations.RevisionHistory]);
    }

    [Fact]
    public void An_existing_replica_set_keeps_the_sizes_it_was_scaled_for_when_its_revision_is_refreshed()
    {
        var existing = new Dictionary<string, string> { [DeploymentAnnotations.Revision] = "2", [DeploymentAnnotations.DesiredReplicas] = "10", [DeploymentAnnotations.MaxReplicas] = "13" };
        var annotations = ReplicaSetHistory.Annotations(D(), existing, 2, maxSurge: null);
        Assert.Equal(("10", "13"), (annotations[DeploymentAnnotations.DesiredReplicas], annotations[DeploymentAnnotations.MaxReplicas]));
    }

    [Fact]
    public void The_oldest_revisions_beyond_the_history_limit_are_cleaned_up_unless_they_still_have_replicas()
    {
        ReplicaSet Old(int revision, int replicas = 0) => new()
        {
            Metadata = new ObjectMeta { Name = $"rs-{revision}", Annotations = new Dictionary<string, string> { [DeploymentAnnotations.Revision] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            Spec = new ReplicaSetSpec { Replicas = replicas },
            Status = new ReplicaSetStatus { Replicas = replicas },
        };
        var cleaned = ReplicaSetHistory.ToCleanUp(D(historyLimit: 2), [Old(4), Old(1), Old(3), Old(2, replicas: 1), Old(5)]);
        Assert.Equal(["rs-1", "rs-3"], cleaned.Select(rs => rs.Metadata!.Name));
    }
}
