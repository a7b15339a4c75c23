using Cluster.Kubelet.Server.Spdy;

namespace Cluster.Kubelet.Tests.Server;

public sealed class SpdyHeaderTests
{
    // Two consecutive header blocks of one connection as a real zlib (level 9, SPDY/3 dictionary, a sync flush per
    // frame) compresses them: kubectl's error and data streams for one forwarded connection. The first is 51 bytes,
    // as in a captured kubectl SYN_STREAM.
    private const string ErrorStreamBlock =
        "78f9e3c6a7c202253a703a2b294a4dcc851625aca9a0808614cb45a024cc64610024398b209198094adc8c0600000000ffff";
    private const string DataStreamBlock = "c2aa15540a2512d209000000ffff";

    [Fact]
    public void The_dictionary_is_the_1423_bytes_whose_adler32_is_the_SPDY3_dictionary_id()
    {
        Assert.Equal(1423, SpdyDictionary.Bytes.Length);
        Assert.Equal(0xe3c6a7c2u, SpdyDictionary.Id);
    }

    [Fact]
    public async Task Header_blocks_compressed_by_zlib_with_the_dictionary_decode_across_frames()
    {
        await using var decoder = new SpdyHeaderDecoder();
        var first = await decoder.DecodeAsync(Convert.FromHexString(ErrorStreamBlock), CancellationToken.None);
        Assert.Equal("error", first["streamtype"]);
        Assert.Equal("80", first["port"]);
        Assert.Equal("0", first["requestid"]);
        var second = await decoder.DecodeAsync(Convert.FromHexString(DataStreamBlock), CancellationToken.None);
        Assert.Equal("data", second["streamtype"]);
        Assert.Equal("80", second["port"]);
    }

    [Fact]
    public async Task Encoded_header_blocks_round_trip_through_the_decoder()
    {
        var encoder = new SpdyHeaderEncoder();
        await using var decoder = new SpdyHeaderDecoder();
        foreach (var round in Enumerable.Range(0, 3))
        {
            var headers = new Dictionary<string, string> { ["streamType"] = "data", ["port"] = $"{8080 + round}", ["requestID"] = $"{round}" };
            var decoded = await decoder.DecodeAsync(encoder.Encode(headers), CancellationToken.None);
            Assert.Equal("data", decoded["streamtype"]);
            Assert.Equal($"{8080 + round}", decoded["port"]);
            Assert.Equal($"{round}", decoded["requestid"]);
        }
        Assert.Empty(await decoder.DecodeAsync(encoder.Encode([]), CancellationToken.None));
    }

    [Fact]
    public void Every_encoded_block_ends_with_a_sync_flush_marker_and_only_the_first_has_the_zlib_header()
    {
        var encoder = new SpdyHeaderEncoder();
        var first = encoder.Encode([]);
        var second = encoder.Encode([]);
        Assert.Equal("7820E3C6A7C2", Convert.ToHexString(first.AsSpan(0, 6)));
        Assert.Equal("0000FFFF", Convert.ToHexString(first.AsSpan(first.Length - 4)));
        Assert.Equal("000400FBFF00000000" + "000000FFFF", Convert.ToHexString(second));
    }

    [Fact]
    public async Task A_header_block_for_another_dictionary_is_refused()
    {
        await using var decoder = new SpdyHeaderDecoder();
        var block = Convert.FromHexString(ErrorStreamBlock);
        block[5] ^= 0xFF;
        await Assert.ThrowsAsync<InvalidDataException>(async () => await decoder.DecodeAsync(block, CancellationToken.None));
    }

    [Fact]
    public void Stored_blocks_split_data_longer_than_one_block()
    {
        var data = new byte[70_000];
        var encoded = StoredBlock.Encode(data);
        Assert.Equal(70_000 + 10, encoded.Length);
        Assert.Equal(0, encoded[0]);
        Assert.Equal(0xFF, encoded[1]);
        Assert.Equal(0xFF, encoded[2]);
    }
}
