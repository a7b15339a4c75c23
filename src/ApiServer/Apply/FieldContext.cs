using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>What every field-management step needs to know about the object's type and endpoint.</summary>
internal sealed record FieldContext(ApplyType Type, SchemaDefaults Defaults, FieldSet? ResetFields)
{
    public FieldSet FieldsOf(JsonNode? obj) => FieldSetBuilder.FromObject(obj, Type, Defaults);

    public Comparison Compare(JsonNode? old, JsonNode? updated) =>
        ObjectComparer.Compare(old, updated, Type, Defaults, ResetFields).Without(ResetFields);

    /// <summary>The added and modified fields of <see cref="Compare"/>, without computing what was removed.</summary>
    public FieldSet Changes(JsonNode? old, JsonNode? updated) =>
        WithoutResetFields(ObjectComparer.Changes(old, updated, Type, Defaults, ResetFields));

    public FieldSet WithoutResetFields(FieldSet set) =>
        ResetFields is null || ResetFields.IsEmpty ? set : set.RecursiveDifference(ResetFields);
}
