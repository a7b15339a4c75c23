using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// The send side of one Watch stream: encoded response frames from the stream's reader loop and from every watch's pump,
/// written to the HTTP/2 response, in the order they were queued, by one writer (<see cref="WriteAllAsync"/>).
/// </summary>
/// <remarks>
/// Bounded in bytes: a frame is queued only while the frames not yet handed to Kestrel total less than the capacity
/// (or the queue is empty, so one frame larger than the capacity still goes). A producer waits for room, up to its
/// patience; a producer that runs out of patience gets <c>false</c> and must stop producing. A watch's final message
/// (<see cref="EnqueueFinal"/>) skips the bound; there is at most one per watch. Kestrel's own response buffer and the
/// client's HTTP/2 flow-control window hold the rest, so a client that stops reading holds the server to a fixed
/// amount of memory per stream. Enqueueing is thread-safe; <see cref="WriteAllAsync"/> runs once.
/// </remarks>
internal sealed class WatchSendQueue(long capacityBytes, TimeProvider time)
{
    /// <summary>The writer flushes at least this often while frames keep coming, so none waits behind a long run.</summary>
    private const int FlushEveryBytes = 64 * 1024;

    private readonly Channel<byte[]> _frames = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new(); // guards _queuedBytes, _room, and the order of writes into _frames
    private long _queuedBytes;
    private TaskCompletionSource _room = NewRoom();

    public long CapacityBytes => capacityBytes;

    /// <summary>Bytes queued and not yet handed to the response.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_gate) return _queuedBytes;
        }
    }

    /// <summary>
    /// Queues <paramref name="frame"/> once it fits. Returns false if no room appeared within <paramref name="patience"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: as long as <paramref name="ct"/> allows). After <see cref="Complete"/>
    /// frames are dropped: the stream is ending.
    /// </summary>
    public async ValueTask<bool> EnqueueAsync(byte[] frame, TimeSpan patience, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            Task room;
            lock (_gate)
            {
                if (_queuedBytes == 0 || _queuedBytes + frame.Length <= capacityBytes)
                {
                    Add(frame);
                    return true;
                }
                room = _room.Task;
            }
            if (patience == Timeout.InfiniteTimeSpan)
            {
                await room.WaitAsync(ct);
                continue;
            }
            var left = patience - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) return false;
            try
            {
                await room.WaitAsync(left, time, ct);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    /// <summary>Queues a watch's last message (created-and-cancelled, cancelled, compacted) regardless of room.</summary>
    public void EnqueueFinal(byte[] frame)
    {
        lock (_gate) Add(frame);
    }

    /// <summary>No more frames: the writer ends once it has written what is queued.</summary>
    public void Complete() => _frames.Writer.TryComplete();

    /// <summary>
    /// The one writer: copies queued frames to <paramref name="output"/> in order, flushing whenever the queue runs dry
    /// (and every 64 KiB), and frees their room once Kestrel has taken them. Returns after <see cref="Complete"/> once
    /// everything queued is written, or when the response ends; throws <see cref="OperationCanceledException"/> when
    /// <paramref name="ct"/> is cancelled.
    /// </summary>
    public async Task WriteAllAsync(PipeWriter output, CancellationToken ct)
    {
        var reader = _frames.Reader;
        while (await reader.WaitToReadAsync(ct))
        {
            long pending = 0;
            while (pending < FlushEveryBytes && reader.TryRead(out var frame))
            {
                output.Write(frame);
                pending += frame.Length;
            }
            var result = await output.FlushAsync(ct);
            Release(pending);
            if (result.IsCompleted || result.IsCanceled) return;
        }
    }

    private void Add(byte[] frame)
    {
        if (!_frames.Writer.TryWrite(frame)) return; // completed: the stream is ending and nobody will read it
        _queuedBytes += frame.Length;
    }

    private void Release(long bytes)
    {
        TaskCompletionSource room;
        lock (_gate)
        {
            _queuedBytes -= bytes;
            room = _room;
            _room = NewRoom();
        }
        room.TrySetResult();
    }

    private static TaskCompletionSource NewRoom() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
