using System.Text.Json.Serialization.Metadata;

namespace Cluster.Api.Serialization;

/// <summary>One registered kind: its identity and the serializer metadata of the C# type that carries it.</summary>
public sealed record KindRegistration(KindInfo Info, JsonTypeInfo TypeInfo)
{
    /// <summary>The C# type objects of this kind decode to.</summary>
    public Type Type => TypeInfo.Type;
}
