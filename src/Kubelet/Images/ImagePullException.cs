namespace Cluster.Kubelet.Images;

/// <summary>
/// Why an image could not be made ready, with the kubelet's reason strings (they become the container's
/// <c>state.waiting.reason</c>) and messages in the kubelet's words.
/// </summary>
public sealed class ImagePullException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public const string ErrImagePull = "ErrImagePull";
    public const string ImagePullBackOff = "ImagePullBackOff";
    public const string ErrImageNeverPull = "ErrImageNeverPull";
    public const string InvalidImageName = "InvalidImageName";

    /// <summary>One of <see cref="ErrImagePull"/>, <see cref="ImagePullBackOff"/>, <see cref="ErrImageNeverPull"/>, <see cref="InvalidImageName"/>.</summary>
    public string Reason { get; } = reason;
}
