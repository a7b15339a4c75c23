using System.Buffers;
using System.Text;
using Cluster.Api.Core.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;

namespace Cluster.Runtime.Tests.Client;

public sealed class WatchStreamReaderTests
{
    private const string Pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","resourceVersion":"7"},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"i"}]}}""";

    [Theory]
    [InlineData("""{"type":"MODIFIED","object":POD}""")]
    [InlineData("""{"object":POD,"type":"MODIFIED"}""")] // the object before its type
    [InlineData("""{"type":"MODIFIED","extra":{"x":[1]},"object":POD,"more":true}""")]
    public void An_event_reads_the_same_whatever_the_order_of_its_members(string line)
    {
        var e = WatchStreamReader.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line.Replace("POD", Pod, StringComparison.Ordinal))), KindCodec<Pod>.Instance);
        Assert.Equal(WatchEventType.Modified, e.Type);
        Assert.Equal(("p", "7", "n1"), (e.Object.Metadata!.Name, e.Object.Metadata.ResourceVersion, e.Object.Spec!.NodeName));
    }

    [Fact]
    public void An_event_split_across_buffer_segments_reads_whole()
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"type":"ADDED","object":{{Pod}}}""");
        var e = WatchStreamReader.Parse(Segments.Of(bytes, 7), KindCodec<Pod>.Instance);
        Assert.Equal(WatchEventType.Added, e.Type);
        Assert.Equal("c", e.Object.Spec!.Containers![0].Name);
    }

    [Fact]
    public void An_error_event_is_raised_as_its_status()
    {
        var line = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version","reason":"Expired","code":410}}""";
        Assert.Throws<GoneException>(() => WatchStreamReader.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)), KindCodec<Pod>.Instance));
    }

    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        /// <summary>The bytes as a sequence of segments of <paramref name="size"/> bytes.</summary>
        public static ReadOnlySequence<byte> Of(byte[] bytes, int size)
        {
            var first = new Segments(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
            var last = first;
            for (var at = size; at < bytes.Length; at += size)
            {
                var next = new Segments(bytes.AsMemory(at, Math.Min(size, bytes.Length - at)), at);
                last.Next = next;
                last = next;
            }
            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}
