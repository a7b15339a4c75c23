using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Cluster.Api.Serialization;

/// <summary>
/// Maps (apiVersion, kind) and (group, version, plural) to a <see cref="KindRegistration"/> for decoding objects
/// whose type is known only at run time. An instance is immutable and safe to share between threads;
/// <see cref="BuiltIn"/> holds every kind generated from swagger.json in the served group versions, and
/// <see cref="With"/> makes a new registry with more kinds (custom resources) added.
/// </summary>
public sealed partial class KindRegistry
{
    private readonly FrozenDictionary<(string ApiVersion, string Kind), KindRegistration> byKind;
    private readonly FrozenDictionary<(string Group, string Version, string Plural), KindRegistration> byResource;

    /// <summary>Builds a registry; two registrations of one apiVersion and kind, or of one resource, are an error.</summary>
    public KindRegistry(IEnumerable<KindRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        Registrations = [.. registrations];
        var kinds = new Dictionary<(string, string), KindRegistration>();
        var resources = new Dictionary<(string, string, string), KindRegistration>();
        foreach (var registration in Registrations)
        {
            var info = registration.Info;
            if (!kinds.TryAdd((info.ApiVersion, info.Kind), registration))
            {
                throw new ArgumentException($"{info.ApiVersion} {info.Kind} is registered twice", nameof(registrations));
            }
            if (info.IsResource && !resources.TryAdd((info.Group, info.Version, info.Plural), registration))
            {
                throw new ArgumentException($"resource {info.Plural} in {info.ApiVersion} is registered twice", nameof(registrations));
            }
        }
        byKind = kinds.ToFrozenDictionary();
        byResource = resources.ToFrozenDictionary();
    }

    /// <summary>The kinds generated from swagger.json for the served group versions, bound to <see cref="ApiJsonContext.Default"/>.</summary>
    public static KindRegistry BuiltIn { get; } = new(BuiltInRegistrations(ApiJsonContext.Default));

    /// <summary>Every registration, in the order given.</summary>
    public IReadOnlyList<KindRegistration> Registrations { get; }

    public bool TryGet(string apiVersion, string kind, [NotNullWhen(true)] out KindRegistration? registration) =>
        byKind.TryGetValue((apiVersion, kind), out registration);

    /// <summary>Looks a resource up by its REST coordinates; the core group is the empty string.</summary>
    public bool TryGetResource(string group, string version, string plural, [NotNullWhen(true)] out KindRegistration? registration) =>
        byResource.TryGetValue((group, version, plural), out registration);

    /// <summary>A new registry holding these registrations and the given ones.</summary>
    public KindRegistry With(IEnumerable<KindRegistration> more) => new(Registrations.Concat(more));

    /// <summary>
    /// Decodes a JSON object into the type registered for its apiVersion and kind. Returns false when either is
    /// missing or not registered; malformed JSON, or JSON that does not fit the type, is a <see cref="JsonException"/>.
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out object? value)
    {
        value = null;
        var (apiVersion, kind) = TypeMetaReader.Read(utf8Json);
        if (apiVersion is null || kind is null || !TryGet(apiVersion, kind, out var registration))
        {
            return false;
        }
        value = JsonSerializer.Deserialize(utf8Json, registration.TypeInfo);
        return value is not null;
    }

    private static partial KindRegistration[] BuiltInRegistrations(ApiJsonContext context);
}
