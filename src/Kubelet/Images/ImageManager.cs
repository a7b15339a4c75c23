using System.Collections.Concurrent;
using Cluster.Kubelet.Images.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Kubelet.Images;

/// <summary>
/// Makes images ready for containers, with the kubelet's <c>imagePullPolicy</c> semantics:
/// <list type="bullet">
/// <item>Never: the image must be in the store (ErrImageNeverPull otherwise);</item>
/// <item>IfNotPresent: a stored image is used without contacting any registry;</item>
/// <item>Always: the registry is asked (a HEAD of the manifest) which digest the name points at now, and only a
/// changed digest is pulled; a digest-pinned stored image is used as is.</item>
/// </list>
/// Pulls go to the registry's mirrors then the registry (<see cref="RegistriesConfig"/>), with credentials from
/// registries.yaml or the pod's pull secrets. Concurrent requests for the same image share one pull. A failed pull
/// is ErrImagePull and starts a backoff; within it, ImagePullBackOff is answered without pulling. Thread-safe.
/// </summary>
public sealed partial class ImageManager : IDisposable
{
    private readonly ImageStore _store;
    private readonly RegistriesConfig _registries;
    private readonly KeyedBackoff _backoff;
    private readonly ConcurrentDictionary<string, Lazy<Task<PullOutcome>>> _pulls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RegistryEndpoint, RegistryClient> _clients = new();
    private readonly TimeSpan _pullTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="pullTimeout">How long one pull (all endpoints, all blobs) may take before it is ErrImagePull (default 10 min).</param>
    public ImageManager(ImageStore store, RegistriesConfig? registries = null, TimeProvider? time = null, TimeSpan? pullTimeout = null, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _pullTimeout = pullTimeout ?? TimeSpan.FromMinutes(10);
        _store = store;
        _registries = registries ?? RegistriesConfig.Empty;
        _time = time ?? TimeProvider.System;
        _backoff = new KeyedBackoff(_time);
    }

    public ImageStore Store => _store;

    public KeyedBackoff Backoff => _backoff;

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }

    /// <summary>
    /// The image, pulled if the policy says so, unpacked, ready to run. Throws <see cref="ImagePullException"/> with
    /// the kubelet's reason. <paramref name="backoffKey"/> scopes the pull backoff (the kubelet uses pod UID + image);
    /// by default it is the image itself.
    /// </summary>
    public async Task<LocalImage> EnsureImageAsync(string image, ImagePullPolicy policy, IReadOnlyList<PullSecret>? pullSecrets = null,
        string? backoffKey = null, CancellationToken ct = default)
    {
        if (!ImageReference.TryParse(image, out var reference, out var error))
            throw new ImagePullException(ImagePullException.InvalidImageName, $"Failed to apply default image tag \"{image}\": couldn't parse image name \"{image}\": {error}");
        var present = _store.Find(reference);
        switch (policy)
        {
            case ImagePullPolicy.Never when present is null:
                throw new ImagePullException(ImagePullException.ErrImageNeverPull, $"Container image \"{image}\" is not present with pull policy of Never");
            case ImagePullPolicy.Never:
            case ImagePullPolicy.IfNotPresent when present is not null:
            case ImagePullPolicy.Always when present is not null && reference.Digest is not null:
                try
                {
                    return await ReadyAsync(reference, present, null, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    throw e as ImagePullException ?? new ImagePullException(ImagePullException.ErrImagePull, $"Failed to unpack image \"{image}\": {e.Message}", e);
                }
        }
        string key = backoffKey ?? reference.ToString();
        if (_backoff.IsInBackoff(key, out _))
            throw new ImagePullException(ImagePullException.ImagePullBackOff, $"Back-off pulling image \"{image}\"");
        try
        {
            var secrets = pullSecrets ?? [];
            string pullKey = PullKey(reference, secrets);
            // The entry removes itself when its pull ends, so a later request asks the registry afresh.
            var pull = _pulls.GetOrAdd(pullKey, _ => new Lazy<Task<PullOutcome>>(() => PullAndForgetAsync(pullKey, reference, secrets, present)));
            var outcome = await pull.Value.WaitAsync(ct);
            _backoff.Collect();
            return await ReadyAsync(reference, outcome.Image, outcome.Duration, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Callers that shared one failed pull count it once.
            if (!_backoff.IsInBackoff(key, out _)) _backoff.RecordFailure(key);
            throw e as ImagePullException ?? new ImagePullException(ImagePullException.ErrImagePull, $"Failed to pull image \"{image}\": {e.Message}", e);
        }
    }

    private async Task<LocalImage> ReadyAsync(ImageReference reference, ImageRecord image, TimeSpan? pulledIn, CancellationToken ct)
    {
        string rootfs = await _store.EnsureRootfsAsync(image, ct);
        await _store.TouchAsync(image.Id, ct);
        return new LocalImage(reference, image.Digest, image.Id, rootfs, image.Config) { PulledIn = pulledIn };
    }

    private readonly record struct PullOutcome(ImageRecord Image, TimeSpan? Duration);

    private async Task<PullOutcome> PullAndForgetAsync(string pullKey, ImageReference reference, IReadOnlyList<PullSecret> secrets, ImageRecord? present)
    {
        await Task.Yield(); // GetOrAdd has stored the entry before the finally below can remove it
        try
        {
            long start = _time.GetTimestamp();
            LogPulling(_logger, reference.ToString());
            var image = await PullAsync(reference, secrets, present);
            var elapsed = _time.GetElapsedTime(start);
            if (ReferenceEquals(image, present)) return new PullOutcome(image, null);
            LogPulled(_logger, reference.ToString(), image.Digest, image.Size, (long)elapsed.TotalMilliseconds);
            return new PullOutcome(image, elapsed);
        }
        catch (Exception e)
        {
            LogPullFailed(_logger, reference.ToString(), e.Message);
            throw;
        }
        finally
        {
            _pulls.TryRemove(pullKey, out _);
        }
    }

    /// <summary>Tries each endpoint in order; the error names what every endpoint said.</summary>
    private async Task<ImageRecord> PullAsync(ImageReference reference, IReadOnlyList<PullSecret> secrets, ImageRecord? present)
    {
        // Shared by every caller waiting on this pull, so bounded by its own deadline rather than any caller's token.
        using var deadline = new CancellationTokenSource(_pullTimeout);
        var ct = deadline.Token;
        var failures = new List<string>();
        foreach (var endpoint in _registries.EndpointsFor(reference.Registry))
        {
            var client = Client(endpoint, reference, secrets);
            try
            {
                if (present is not null && await client.ResolveDigestAsync(reference.Repository, reference.ManifestReference, ct) == present.Digest)
                    return present;
                return await ImagePuller.PullAsync(client, reference, _store, ct);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                failures.Add($"{endpoint.Uri.Authority}: pull did not finish within {_pullTimeout}");
                break;
            }
            catch (Exception e) when (e is RegistryException or HttpRequestException or IOException or InvalidDataException or System.Text.Json.JsonException
                                          or TaskCanceledException)
            {
                failures.Add(_registries.Mirrors.Count == 0 ? Describe(e) : $"{endpoint.Uri.Authority}: {Describe(e)}");
            }
        }
        throw new ImagePullException(ImagePullException.ErrImagePull, $"Failed to pull image \"{reference}\": {string.Join("; ", failures)}");
    }

    private static string Describe(Exception e) => e is HttpRequestException { InnerException: { } inner } ? $"{e.Message} ({inner.Message})" : e.Message;

    /// <summary>Requests share a pull only when they bring the same credentials: one pod's secrets never serve another's pull.</summary>
    private static string PullKey(ImageReference reference, IReadOnlyList<PullSecret> secrets)
    {
        if (secrets.Count == 0) return reference.ToString();
        var material = string.Join('\n', secrets.SelectMany(DockerConfigCredentials.Entries).Select(e => $"{e.Key}\t{e.Value.Username}\t{e.Value.Password}\t{e.Value.Auth}"));
        return reference + "#" + ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes(material));
    }

    private static RegistryCredential? First(IReadOnlyList<RegistryCredential> credentials) => credentials.Count > 0 ? credentials[0] : null;

    private RegistryClient Client(RegistryEndpoint endpoint, ImageReference reference, IReadOnlyList<PullSecret> secrets)
    {
        var credential = endpoint.Credential
            ?? First(DockerConfigCredentials.For(reference with { Registry = endpoint.Uri.Authority }, secrets))
            ?? First(DockerConfigCredentials.For(reference, secrets));
        var keyed = endpoint with { Credential = credential };
        return _clients.GetOrAdd(keyed, e => new RegistryClient(e.Uri, e.Credential, e.InsecureSkipVerify));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulling image {Image}")]
    private static partial void LogPulling(ILogger logger, string image);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled image {Image} ({Digest}, {Bytes} bytes) in {Milliseconds} ms")]
    private static partial void LogPulled(ILogger logger, string image, string digest, long bytes, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pulling image {Image} failed: {Error}")]
    private static partial void LogPullFailed(ILogger logger, string image, string error);
}
