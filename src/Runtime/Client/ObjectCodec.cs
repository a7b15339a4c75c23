using System.Text.Json;
using Cluster.Api;

namespace Cluster.Runtime.Client;

/// <summary>
/// Reads and writes the objects of one kind as Kubernetes JSON. Writing always includes apiVersion and kind, so
/// callers may leave them out of the objects they build.
/// </summary>
public abstract class ObjectCodec<T> where T : class, IKubernetesObject
{
    protected ObjectCodec(KindInfo kind) => Kind = kind;

    public KindInfo Kind { get; }

    /// <summary>The Accept header for reading one object or a watch's events; null for plain JSON.</summary>
    public virtual string? ObjectAccept => null;

    /// <summary>The Accept header for reading a list; null for plain JSON.</summary>
    public virtual string? ListAccept => null;

    /// <summary>Reads one object at the reader's current token (the start of the object).</summary>
    public abstract T Read(ref Utf8JsonReader reader);

    /// <summary>The object's JSON, with apiVersion and kind filled in when absent.</summary>
    public abstract byte[] Write(T value);

    /// <summary>
    /// A codec whose reads leave <c>metadata.managedFields</c> out, for caches that drop them anyway; this codec
    /// when it cannot skip them while reading (the caller then strips them afterwards).
    /// </summary>
    public virtual ObjectCodec<T> WithoutManagedFields => this;

    public T Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return Read(ref reader);
    }
}
