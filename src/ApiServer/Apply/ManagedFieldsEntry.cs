using System.Text;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// One <c>metadata.managedFields[]</c> entry: the fields a manager owns through one kind of operation, at one API
/// version, for the main resource (<see cref="Subresource"/> "") or a subresource. Entries are identified by
/// manager, operation, subresource and, for <see cref="ManagedFieldsOperation.Update"/> only, API version.
/// <see cref="Time"/> is kept to the second on the wire.
/// </summary>
public sealed record ManagedFieldsEntry(
    string Manager,
    ManagedFieldsOperation Operation,
    string ApiVersion,
    DateTimeOffset? Time,
    FieldSet Fields,
    string Subresource = "")
{
    /// <summary>The only fields encoding there is.</summary>
    public const string FieldsTypeV1 = "FieldsV1";

    public string FieldsType => FieldsTypeV1;

    /// <summary>The entry's identity as the API server spells it (a JSON object without time and fields).</summary>
    internal string Identity => IdentityOf(Manager, Operation, ApiVersion, Subresource);

    internal static string IdentityOf(string manager, ManagedFieldsOperation operation, string apiVersion, string subresource)
    {
        var builder = new StringBuilder("{");
        void Add(string name, string value)
        {
            if (value.Length == 0)
            {
                return;
            }

            if (builder.Length > 1)
            {
                builder.Append(',');
            }

            builder.Append('"').Append(name).Append("\":");
            GoJson.WriteString(builder, value);
        }

        Add("manager", manager);
        Add("operation", operation.ToString());
        Add("apiVersion", operation == ManagedFieldsOperation.Apply ? string.Empty : apiVersion);
        Add("subresource", subresource);
        return builder.Append('}').ToString();
    }

    /// <summary>How conflict messages name this manager: <c>"kubectl"</c>, <c>"kube-controller-manager" using apps/v1</c>.</summary>
    internal string Description
    {
        get
        {
            var text = GoJson.Quote(Manager);
            if (Subresource.Length > 0)
            {
                text += " with subresource " + GoJson.Quote(Subresource);
            }

            return Operation == ManagedFieldsOperation.Update ? text + " using " + ApiVersion : text;
        }
    }
}
