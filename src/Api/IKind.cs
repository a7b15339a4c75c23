using System.Text.Json.Serialization.Metadata;

namespace Cluster.Api;

/// <summary>
/// A type with a Kubernetes group-version-kind, described by static members so that generic code
/// (<c>For&lt;Deployment&gt;()</c>, <c>Get&lt;Pod&gt;()</c>) resolves kind and serializer at compile time, without
/// reflection. Every generated record with x-kubernetes-group-version-kind implements it.
/// </summary>
public interface IKind<TSelf> where TSelf : IKind<TSelf>
{
    /// <summary>Group, version, kind, plural and scope of this kind.</summary>
    static abstract KindInfo Info { get; }

    /// <summary>The source-generated serializer metadata for this type (from ApiJsonContext).</summary>
    static abstract JsonTypeInfo<TSelf> JsonTypeInfo { get; }
}
