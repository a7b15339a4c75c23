namespace Cluster.ApiServer.Schema;

/// <summary>The JSON type a <see cref="SchemaNode"/> declares; <see cref="Unknown"/> when it declares none (free-form or int-or-string).</summary>
public enum SchemaType
{
    Unknown,
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
}
