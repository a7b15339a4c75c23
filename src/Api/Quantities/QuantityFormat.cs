namespace Cluster.Api.Quantities;

/// <summary>How a <see cref="Quantity"/> prints its canonical form; remembered from the suffix it was parsed with.</summary>
public enum QuantityFormat
{
    /// <summary>Powers of 1000 with suffixes n, u, m, "", k, M, G, T, P, E (e.g. <c>12M</c>).</summary>
    DecimalSI,
    /// <summary>Powers of 1024 with suffixes Ki, Mi, Gi, Ti, Pi, Ei (e.g. <c>12Mi</c>).</summary>
    BinarySI,
    /// <summary>A power-of-ten exponent that is a multiple of 3 (e.g. <c>12e6</c>).</summary>
    DecimalExponent,
}
