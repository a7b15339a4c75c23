namespace Cluster.ApiGen;

/// <summary>
/// A C# type a schema maps to. <see cref="Code"/> is the fully qualified, non-nullable spelling;
/// <see cref="InfoName"/> is a name unique across the model set, used for the serializer context's type-info
/// properties and, for scalars, the key that picks the value reader and writer (see <see cref="ValueCode"/>).
/// </summary>
internal sealed record CsType(string Code, CsTypeShape Shape, string InfoName, CsType? Element = null)
{
    /// <summary>True for the scalars that are C# value types (everything but string).</summary>
    public bool IsValueType => Shape == CsTypeShape.Scalar && InfoName != "String";

    /// <summary>The spelling of this type as a collection element: arbitrary JSON elements may be null.</summary>
    public string ElementCode => Shape == CsTypeShape.Json ? Code + "?" : Code;

    /// <summary>The spelling of an optional property of this type.</summary>
    public string PropertyCode => Code + "?";

    public static CsType ListOf(CsType element) =>
        new($"global::System.Collections.Generic.IReadOnlyList<{element.ElementCode}>", CsTypeShape.List, "ListOf" + element.InfoName, element);

    public static CsType MapOf(CsType element) =>
        new($"global::System.Collections.Generic.IReadOnlyDictionary<string, {element.ElementCode}>", CsTypeShape.Map, "MapOf" + element.InfoName, element);
}
