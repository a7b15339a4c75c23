namespace Cluster.ApiServer.Protobuf;

/// <summary>The value type of a descriptor field and so its wire type and its JSON rendering.</summary>
internal enum FieldKind
{
    /// <summary>Length-delimited UTF-8 text; a JSON string. Kubernetes enums are strings too.</summary>
    String,

    /// <summary>Length-delimited bytes; a base64 JSON string.</summary>
    Bytes,

    /// <summary>Varint; a JSON boolean.</summary>
    Bool,

    /// <summary>Varint (two's complement, truncated to 32 bits); a JSON number.</summary>
    Int32,

    /// <summary>Varint; a JSON number.</summary>
    Int64,

    /// <summary>A nested message described by its own descriptor; a JSON object.</summary>
    Message,

    /// <summary>A nested message whose fields are written into the enclosing JSON object (Go <c>json:",inline"</c>).</summary>
    Inline,

    /// <summary>meta.v1.Time {seconds = 1, nanos = 2}; an RFC 3339 UTC string with whole seconds.</summary>
    Time,

    /// <summary>intstr.IntOrString {type = 1, intVal = 2, strVal = 3}; a JSON number or string.</summary>
    IntOrString,

    /// <summary>resource.Quantity {string = 1}; a JSON string.</summary>
    Quantity,

    /// <summary>runtime.RawExtension or meta.v1.FieldsV1 {raw = 1}: embedded JSON (or a nested k8s protobuf envelope).</summary>
    RawJson,
}
