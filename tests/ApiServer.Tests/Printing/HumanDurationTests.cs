using Cluster.ApiServer.Printing;

namespace Cluster.ApiServer.Tests.Printing;

public class HumanDurationTests
{
    private const long Ms = TimeSpan.TicksPerMillisecond;
    private const long Sec = TimeSpan.TicksPerSecond;
    private const long Min = TimeSpan.TicksPerMinute;
    private const long Hour = TimeSpan.TicksPerHour;
    private const long Day = TimeSpan.TicksPerDay;
    private const long Year = 365 * Day;

    // The cases of apimachinery's duration tests (nanosecond offsets become one tick).
    [Theory]
    [InlineData(Sec, "1s")]
    [InlineData(70 * Sec, "70s")]
    [InlineData(190 * Sec, "3m10s")]
    [InlineData(70 * Min, "70m")]
    [InlineData(47 * Hour, "47h")]
    [InlineData(49 * Hour, "2d1h")]
    [InlineData((8 * 24 + 2) * Hour, "8d")]
    [InlineData(367 * Day, "367d")]
    [InlineData(2 * Year + 25 * Hour, "2y1d")]
    [InlineData(8 * Year + 2 * Hour, "8y")]
    [InlineData(-2 * Sec, "<invalid>")]
    [InlineData(-2 * Sec + 1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(Sec - Ms, "0s")]
    [InlineData(2 * Min - Ms, "119s")]
    [InlineData(2 * Min, "2m")]
    [InlineData(2 * Min + Sec, "2m1s")]
    [InlineData(10 * Min - Ms, "9m59s")]
    [InlineData(10 * Min, "10m")]
    [InlineData(10 * Min + Sec, "10m")]
    [InlineData(3 * Hour - Ms, "179m")]
    [InlineData(3 * Hour, "3h")]
    [InlineData(3 * Hour + Min, "3h1m")]
    [InlineData(8 * Hour - Ms, "7h59m")]
    [InlineData(8 * Hour, "8h")]
    [InlineData(8 * Hour + 59 * Min, "8h")]
    [InlineData(2 * Day - Ms, "47h")]
    [InlineData(2 * Day, "2d")]
    [InlineData(8 * Day - Ms, "7d23h")]
    [InlineData(8 * Day, "8d")]
    [InlineData(8 * Day + 23 * Hour, "8d")]
    [InlineData(2 * Year - Ms, "729d")]
    [InlineData(2 * Year, "2y")]
    [InlineData(2 * Year + 23 * Hour + 59 * Min, "2y")]
    [InlineData(2 * Year + Day - Ms, "2y")]
    [InlineData(2 * Year + Day, "2y1d")]
    [InlineData(3 * Year, "3y")]
    [InlineData(7 * Year, "7y")]
    [InlineData(8 * Year - Ms, "7y364d")]
    [InlineData(8 * Year, "8y")]
    [InlineData(8 * Year + 364 * Day, "8y")]
    [InlineData(9 * Year, "9y")]
    public void Formats_like_upstream_HumanDuration(long ticks, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromTicks(ticks)));
}
