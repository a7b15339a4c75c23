using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Strategies;

/// <summary>Namespaces: the "kubernetes" finalizer and phase Active on create; the well-known name label.</summary>
public sealed class NamespaceStrategy : ResourceStrategy
{
    public NamespaceStrategy() => Names = NameRule.Label;

    public override void PrepareForCreate(JsonObject obj)
    {
        obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
        obj["status"] = new JsonObject { ["phase"] = "Active" };
    }

    public override void Default(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject meta || meta["name"]?.GetValueKind() != System.Text.Json.JsonValueKind.String) return;
        var labels = meta["labels"] as JsonObject ?? [];
        labels["kubernetes.io/metadata.name"] = meta["name"]!.GetValue<string>();
        meta["labels"] = labels;
    }
}
