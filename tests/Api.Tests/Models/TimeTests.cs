using System.Text.Json;
using Cluster.Api.Serialization;

namespace Cluster.Api.Tests.Models;

public sealed class TimeTests
{
    [Theory]
    [InlineData("2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T04:04:05+01:00", "2024-01-02T03:04:05Z")]
    [InlineData("2024-01-01T21:34:05-05:30", "2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05.987654321Z", "2024-01-02T03:04:05Z")]
    [InlineData("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z")]
    public void Time_is_written_in_utc_with_whole_seconds(string input, string expected)
    {
        var meta = JsonSerializer.Deserialize($$"""{"creationTimestamp":"{{input}}"}""", ApiJsonContext.Default.MetaV1ObjectMeta)!;

        Assert.Equal(TimeSpan.Zero, meta.CreationTimestamp!.Value.Offset);
        Assert.Equal($$"""{"creationTimestamp":"{{expected}}"}""", JsonSerializer.Serialize(meta, ApiJsonContext.Default.MetaV1ObjectMeta));
    }

    [Fact]
    public void Time_keeps_the_instant()
    {
        var meta = JsonSerializer.Deserialize("""{"creationTimestamp":"2024-01-02T04:04:05+01:00"}""", ApiJsonContext.Default.MetaV1ObjectMeta)!;

        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), meta.CreationTimestamp);
    }

    [Theory]
    [InlineData("2024-01-02T03:04:05.123456Z", "2024-01-02T03:04:05.123456Z")]
    [InlineData("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000000Z")]
    [InlineData("2024-01-02T05:04:05.5+02:00", "2024-01-02T03:04:05.500000Z")]
    [InlineData("2024-01-02T03:04:05.1234567Z", "2024-01-02T03:04:05.123456Z")]
    public void MicroTime_is_written_with_six_fraction_digits(string input, string expected)
    {
        var spec = JsonSerializer.Deserialize($$"""{"holderIdentity":"a","renewTime":"{{input}}"}""", ApiJsonContext.Default.CoordinationV1LeaseSpec)!;

        Assert.Equal($$"""{"holderIdentity":"a","renewTime":"{{expected}}"}""", JsonSerializer.Serialize(spec, ApiJsonContext.Default.CoordinationV1LeaseSpec));
    }

    [Fact]
    public void Events_v1_event_time_is_a_micro_time_and_deprecated_times_are_times()
    {
        var json = """{"eventTime":"2024-01-02T03:04:05.000001Z","deprecatedFirstTimestamp":"2024-01-02T03:04:05Z","reportingController":"c"}""";

        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, ApiJsonContext.Default.EventsV1Event)!, ApiJsonContext.Default.EventsV1Event);

        Assert.Contains("\"eventTime\":\"2024-01-02T03:04:05.000001Z\"", written, StringComparison.Ordinal);
        Assert.Contains("\"deprecatedFirstTimestamp\":\"2024-01-02T03:04:05Z\"", written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-01-02")]
    [InlineData("2024-01-02 03:04:05Z")]
    [InlineData("2024-01-02T03:04:05")]
    [InlineData("2024-13-02T03:04:05Z")]
    [InlineData("2023-02-29T03:04:05Z")]
    [InlineData("2024-01-02T24:00:00Z")]
    [InlineData("2024-01-02T03:04:05.Z")]
    [InlineData("2024-01-02T03:04:05.1234567890Z")]
    [InlineData("2024-01-02T03:04:05+0100")]
    [InlineData("01/02/2024 03:04:05")]
    [InlineData("")]
    public void Non_rfc3339_times_are_rejected(string text)
    {
        Assert.False(Rfc3339.TryParse(text, out _));
        Assert.ThrowsAny<JsonException>(() =>
            JsonSerializer.Deserialize($$"""{"creationTimestamp":"{{text}}"}""", ApiJsonContext.Default.MetaV1ObjectMeta));
    }

    [Fact]
    public void Null_time_reads_as_absent_and_is_omitted()
    {
        var meta = JsonSerializer.Deserialize("""{"name":"a","creationTimestamp":null}""", ApiJsonContext.Default.MetaV1ObjectMeta)!;

        Assert.Null(meta.CreationTimestamp);
        Assert.Equal("""{"name":"a"}""", JsonSerializer.Serialize(meta, ApiJsonContext.Default.MetaV1ObjectMeta));
    }
}
