using System.Net.Http.Headers;
using Cluster.Store.Etcd.Grpc;
using Google.Protobuf;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Tests.EtcdApi;

/// <summary>The pieces of the gRPC protocol the server adds to the shared call layer: deadlines, status messages, framing.</summary>
public sealed class GrpcServerEncodingTests
{
    [Theory]
    [InlineData("1H", 3_600_000)]
    [InlineData("2M", 120_000)]
    [InlineData("7S", 7_000)]
    [InlineData("250m", 250)]
    [InlineData("1500u", 1.5)]
    [InlineData("99999999n", 99.9999)] // whole 100 ns ticks
    public void A_grpc_timeout_header_is_parsed_in_its_unit(string header, double milliseconds)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(milliseconds, timeout.TotalMilliseconds, precision: 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("-5S")]
    [InlineData("123456789S")]
    public void A_malformed_grpc_timeout_header_is_refused(string header) =>
        Assert.False(GrpcTimeout.TryParse(header, out _));

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100% done", "100%25 done")]
    [InlineData("key \u00e9\n", "key %C3%A9%0A")]
    public void A_status_message_is_percent_encoded_and_decodes_back(string message, string encoded)
    {
        Assert.Equal(encoded, GrpcStatus.Encode(message));

        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation(GrpcStatus.StatusHeader, "3");
        response.Headers.TryAddWithoutValidation(GrpcStatus.MessageHeader, encoded);
        Assert.Equal(message, GrpcStatus.From((HttpHeaders)response.Headers)!.Value.Message);
    }

    [Fact]
    public void A_frame_written_into_a_buffer_is_the_same_as_an_encoded_one()
    {
        var message = new Pb.KeyValue { Key = ByteString.CopyFromUtf8("/k"), Value = ByteString.CopyFrom(new byte[1000]), ModRevision = 9 };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        GrpcFraming.Write(buffer, message);

        Assert.Equal(GrpcFraming.Encode(message), buffer.WrittenSpan.ToArray());
    }
}
