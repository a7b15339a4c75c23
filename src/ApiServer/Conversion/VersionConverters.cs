namespace Cluster.ApiServer.Conversion;

/// <summary>
/// The converters for kinds served in a version other than their storage version: HorizontalPodAutoscaler as
/// autoscaling/v1 (stored as autoscaling/v2) and Event as events.k8s.io/v1 (stored as core v1). Any other
/// served version and kind is stored as served, and <see cref="For"/> returns null for it.
/// </summary>
public static class VersionConverters
{
    /// <summary>The converter for objects of <paramref name="kind"/> served as <paramref name="servedApiVersion"/>.</summary>
    public static IVersionConverter? For(string servedApiVersion, string kind) => (servedApiVersion, kind) switch
    {
        (HorizontalPodAutoscalerConversion.V1ApiVersion, HorizontalPodAutoscalerConversion.Kind) => HorizontalPodAutoscalerV1Converter.Instance,
        (EventConversion.EventsV1ApiVersion, EventConversion.Kind) => EventsV1Converter.Instance,
        _ => null,
    };
}
