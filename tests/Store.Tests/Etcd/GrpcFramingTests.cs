using Cluster.Store.Etcd.Grpc;
using Google.Protobuf;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Tests.Etcd;

/// <summary>gRPC's length-prefixed message framing.</summary>
public sealed class GrpcFramingTests
{
    private static Pb.KeyValue Kv(string key, int size = 3) =>
        new() { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFrom(new byte[size]), ModRevision = 42 };

    [Fact]
    public void Encoded_frame_is_flag_zero_big_endian_length_then_message()
    {
        var message = Kv("/a", size: 300);
        var frame = GrpcFraming.Encode(message);

        var length = message.CalculateSize();
        Assert.Equal(5 + length, frame.Length);
        Assert.Equal(0, frame[0]);
        Assert.Equal([(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length], frame[1..5]);
        Assert.Equal(message.ToByteArray(), frame[5..]);
    }

    [Fact]
    public async Task Messages_round_trip_through_a_stream_and_end_cleanly()
    {
        var messages = new[] { Kv("/a"), new Pb.KeyValue(), Kv("/c", size: 70_000) };
        var stream = new MemoryStream([.. messages.SelectMany(GrpcFraming.Encode)]);

        foreach (var expected in messages)
            Assert.Equal(expected, await GrpcFraming.ReadAsync(stream, Pb.KeyValue.Parser, CancellationToken.None));
        Assert.Null(await GrpcFraming.ReadAsync(stream, Pb.KeyValue.Parser, CancellationToken.None));
    }

    [Fact]
    public async Task Messages_split_across_reads_are_reassembled()
    {
        var frame = GrpcFraming.Encode(Kv("/split", size: 1000));
        var stream = new TrickleStream(frame, chunk: 3);

        Assert.Equal(Kv("/split", size: 1000), await GrpcFraming.ReadAsync(stream, Pb.KeyValue.Parser, CancellationToken.None));
    }

    public static TheoryData<string, byte[]> BrokenFrames => new()
    {
        { "truncated header", [0, 0, 0] },
        { "truncated message", [0, 0, 0, 0, 10, 1, 2] },
        { "compressed message", [1, 0, 0, 0, 0] },
        { "unknown flag", [7, 0, 0, 0, 0] },
        { "not a protobuf message", [0, 0, 0, 0, 2, 0xff, 0xff] },
    };

    [Theory]
    [MemberData(nameof(BrokenFrames))]
    public async Task Broken_frames_fail_with_status_internal(string what, byte[] bytes)
    {
        var e = await Assert.ThrowsAsync<GrpcStatusException>(async () =>
            await GrpcFraming.ReadAsync(new MemoryStream(bytes), Pb.KeyValue.Parser, CancellationToken.None));
        Assert.True(e.Code == GrpcStatusCode.Internal, what);
    }

    [Theory]
    [InlineData(10_000, "10000m")]
    [InlineData(0.4, "1m")]
    [InlineData(200_000_000, "200000S")]
    public void Deadline_is_sent_as_at_most_eight_digits_and_a_unit(double milliseconds, string expected) =>
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromMilliseconds(milliseconds)));

    /// <summary>Returns at most a few bytes per read, as a network stream may.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
