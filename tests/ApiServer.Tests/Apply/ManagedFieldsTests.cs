using System.Text.Json.Nodes;
using Cluster.ApiServer.Apply;
using static Cluster.ApiServer.Tests.Apply.ApplyFixtures;

namespace Cluster.ApiServer.Tests.Apply;

public sealed class ManagedFieldsTests
{
    [Fact]
    public void Entries_round_trip_through_the_object()
    {
        var entry = new ManagedFieldsEntry("kube-controller-manager", ManagedFieldsOperation.Update, "apps/v1", T0,
            FieldSet.Of(FieldPath.Of("status", "replicas")), "status");
        var obj = Parse("""{"metadata":{"name":"x"}}""");

        ManagedFields.Write(obj, [entry]);

        Assert.Equal(
            """{"metadata":{"name":"x","managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:replicas":{}}},"subresource":"status"}]}}""",
            Compact(obj));
        var read = Assert.Single(ManagedFields.Read(obj));
        Assert.Equal((entry.Manager, entry.Operation, entry.ApiVersion, entry.Time, entry.Subresource), (read.Manager, read.Operation, read.ApiVersion, read.Time, read.Subresource));
        Assert.Equal(entry.Fields, read.Fields);
    }

    [Fact]
    public void Writing_no_entries_removes_the_field()
    {
        var obj = Parse("""{"metadata":{"name":"x","managedFields":[{}]}}""");

        ManagedFields.Write(obj, []);

        Assert.Equal("""{"metadata":{"name":"x"}}""", Compact(obj));
    }

    [Fact]
    public void Sorting_puts_apply_first_then_time_then_manager()
    {
        ManagedFieldsEntry Entry(string manager, ManagedFieldsOperation operation, DateTimeOffset? time) =>
            new(manager, operation, "v1", time, FieldSet.Empty);

        var sorted = ManagedFields.Sort([
            Entry("b", ManagedFieldsOperation.Update, T0),
            Entry("z", ManagedFieldsOperation.Apply, T1),
            Entry("a", ManagedFieldsOperation.Update, T1),
            Entry("c", ManagedFieldsOperation.Update, null),
            Entry("y", ManagedFieldsOperation.Apply, T1.AddMilliseconds(500)),
        ]);

        Assert.Equal(["y", "z", "c", "b", "a"], sorted.Select(entry => entry.Manager));
    }

    [Theory]
    [InlineData("""[{"manager":"m","operation":"Patch","apiVersion":"v1","fieldsType":"FieldsV1"}]""", "operation must be `Apply` or `Update`")]
    [InlineData("""[{"manager":"m","operation":"Apply","fieldsType":"FieldsV1"}]""", "apiVersion must not be empty")]
    [InlineData("""[{"manager":"m","operation":"Apply","apiVersion":"v1"}]""", "missing fieldsType in managed fields entry 0")]
    [InlineData("""[{"manager":"m","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV2"}]""", "invalid fieldsType \"FieldsV2\" in managed fields entry 0")]
    [InlineData("""[{"manager":"m","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","time":"yesterday"}]""", "invalid time \"yesterday\" in managed fields entry 0")]
    [InlineData("""{"manager":"m"}""", "metadata.managedFields is not a list")]
    public void Malformed_entries_are_rejected(string managedFields, string message)
    {
        var obj = new JsonObject { ["metadata"] = new JsonObject { ["managedFields"] = JsonNode.Parse(managedFields) } };

        var error = Assert.Throws<FormatException>(() => ManagedFields.Read(obj));

        Assert.Equal(message, error.Message);
        Assert.False(ManagedFields.TryRead(obj, out _));
    }

    [Fact]
    public void Missing_fields_v1_and_time_are_allowed()
    {
        var obj = Parse("""{"metadata":{"managedFields":[{"manager":"m","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1"}]}}""");

        var entry = Assert.Single(ManagedFields.Read(obj));

        Assert.True(entry.Fields.IsEmpty);
        Assert.Null(entry.Time);
    }

    [Fact]
    public void A_conflict_becomes_a_field_manager_conflict_cause()
    {
        var conflict = new ApplyConflict("kube-controller-manager", ManagedFieldsOperation.Update, "apps/v1", "scale", FieldPath.Of("spec", "replicas"));
        var error = new ApplyConflictException([conflict]);

        Assert.Equal("""{"reason":"FieldManagerConflict","message":"conflict with \"kube-controller-manager\" with subresource \"scale\" using apps/v1","field":".spec.replicas"}""", Compact(conflict.ToStatusCause()));
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Apply failed with 1 conflict: conflict with \"kube-controller-manager\" with subresource \"scale\" using apps/v1: .spec.replicas","reason":"Conflict","details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"kube-controller-manager\" with subresource \"scale\" using apps/v1","field":".spec.replicas"}]},"code":409}""",
            Compact(error.ToStatus()));
    }
}
