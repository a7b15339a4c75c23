namespace Cluster.ApiGen;

/// <summary>What a mapped C# type is, which decides how it is declared and named in the serializer context.</summary>
internal enum CsTypeShape
{
    /// <summary>A BCL or hand-written value: string, int, DateTimeOffset, IntOrString, ResourceQuantity...</summary>
    Scalar,
    /// <summary>A generated record.</summary>
    Model,
    /// <summary>IReadOnlyList of the element type.</summary>
    List,
    /// <summary>IReadOnlyDictionary from string to the element type.</summary>
    Map,
    /// <summary>Arbitrary JSON kept as a JsonNode.</summary>
    Json,
}
