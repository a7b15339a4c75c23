namespace Cluster.ApiServer.Protobuf;

/// <summary>How a descriptor field is laid out on the wire and how its zero value is rendered in JSON.</summary>
[Flags]
internal enum FieldOptions
{
    None = 0,

    /// <summary>A zero value present on the wire is still written to JSON (a Go pointer, or a field without omitempty).</summary>
    KeepZero = 1,

    /// <summary>The field repeats; its values form a JSON array in wire order.</summary>
    Repeated = 2,

    /// <summary>The field is a map&lt;string, V&gt;: each occurrence is an entry message {key = 1, value = 2}.</summary>
    Map = 4,
}
