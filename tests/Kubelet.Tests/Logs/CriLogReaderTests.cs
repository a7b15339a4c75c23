using System.Text;
using Cluster.Kubelet.Logs;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Logs;

public sealed class CriLogReaderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("crilog");

    private string LogPath => Path.Combine(_dir.Path, "0.log");

    public void Dispose() => _dir.Dispose();

    private void Append(int second, string text, bool stderr = false, bool partial = false) =>
        File.AppendAllBytes(LogPath, CriLogLine.Format(T0.AddSeconds(second), stderr, partial, Encoding.UTF8.GetBytes(text)));

    private async Task<string> Read(LogOptions options, Func<bool>? running = null, CancellationToken ct = default)
    {
        using var output = new MemoryStream();
        await CriLogReader.CopyAsync(LogPath, options, output, running, ct);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private void FourLines()
    {
        Append(1, "one");
        Append(2, "two", stderr: true);
        Append(3, "thr", partial: true);
        Append(4, "ee");
        Append(5, "four");
    }

    [Fact]
    public async Task Both_streams_come_in_file_order_with_partial_lines_joined()
    {
        FourLines();
        Assert.Equal("one\ntwo\nthree\nfour\n", await Read(new LogOptions()));
    }

    [Fact]
    public async Task Timestamps_prefix_each_line_with_its_first_parts_time()
    {
        FourLines();
        var lines = (await Read(new LogOptions { Timestamps = true })).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("2026-11-23T05:00:03.000000000Z three", lines[2]);
        Assert.StartsWith("2026-11-23T05:00:01.000000000Z one", lines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "three\nfour\n")]
    [InlineData(0, "")]
    [InlineData(10, "one\ntwo\nthree\nfour\n")]
    public async Task Tail_keeps_the_last_whole_lines(long tail, string expected)
    {
        FourLines();
        Assert.Equal(expected, await Read(new LogOptions { TailLines = tail }));
    }

    [Fact]
    public async Task Since_drops_earlier_lines_and_limit_bytes_cuts_the_output()
    {
        FourLines();
        Assert.Equal("three\nfour\n", await Read(new LogOptions { Since = T0.AddSeconds(3) }));
        Assert.Equal("one\ntw", await Read(new LogOptions { LimitBytes = 6 }));
    }

    [Fact]
    public async Task Malformed_lines_are_skipped()
    {
        Append(1, "one");
        File.AppendAllText(LogPath, "garbage without format\nnot-a-time stdout F x\n2026-11-23T05:00:00Z stdweird F y\n");
        Append(2, "two");
        Assert.Equal("one\ntwo\n", await Read(new LogOptions()));
    }

    [Fact]
    public async Task Follow_streams_new_lines_and_ends_when_the_container_stops()
    {
        Append(1, "one");
        var running = true;
        using var output = new MemoryStream();
        var following = CriLogReader.CopyAsync(LogPath, new LogOptions { Follow = true }, output, () => Volatile.Read(ref running));
        await Task.Delay(200);
        Append(2, "two");
        await Eventually.TrueAsync(() => Encoding.UTF8.GetString(output.ToArray()) == "one\ntwo\n", TimeSpan.FromSeconds(5), "the appended line");
        Volatile.Write(ref running, false);
        await following.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Follow_reads_through_lines_written_just_before_the_container_stopped()
    {
        Append(1, "one");
        // The last line lands after the reader found the file at its end but before it asks whether the container runs.
        var text = await Read(new LogOptions { Follow = true }, () =>
        {
            Append(2, "last");
            return false;
        }).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("one\nlast\n", text);
    }

    [Fact]
    public void Lines_round_trip_through_the_format()
    {
        var bytes = CriLogLine.Format(T0, stderr: true, partial: true, "hello world"u8);
        Assert.True(CriLogLine.TryParse(bytes.AsMemory(0, bytes.Length - 1), out var line));
        Assert.Equal((T0, true, true, "hello world"), (line.Time, line.Stderr, line.Partial, Encoding.UTF8.GetString(line.Content.Span)));
    }
}
