using Cluster.Kubelet.Nodes;

namespace Cluster.Kubelet.Tests.Nodes;

public sealed class ProcFilesTests
{
    private const string MemInfo = """
        MemTotal:       24576000 kB
        MemFree:         1000000 kB
        MemAvailable:   20000000 kB
        HugePages_Total:       0
        """;

    [Theory]
    [InlineData("MemTotal", 24576000L * 1024)]
    [InlineData("MemAvailable", 20000000L * 1024)]
    [InlineData("HugePages_Total", 0L)]
    public void Meminfo_fields_are_read_in_bytes(string field, long bytes) => Assert.Equal(bytes, ProcFiles.MemInfo(MemInfo, field));

    [Theory]
    [InlineData("Mem")]
    [InlineData("SwapTotal")]
    public void A_missing_meminfo_field_is_null(string field) => Assert.Null(ProcFiles.MemInfo(MemInfo, field));

    [Fact]
    public void A_malformed_meminfo_number_is_null() => Assert.Null(ProcFiles.MemInfo("MemTotal: lots kB", "MemTotal"));

    [Theory]
    [InlineData("NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n", "Debian GNU/Linux 12 (bookworm)")]
    [InlineData("NAME='Alpine Linux'\nID=alpine\n", "Alpine Linux")]
    [InlineData("ID=custom\n", "Linux")]
    [InlineData("", "Linux")]
    public void The_os_image_is_the_pretty_name_else_the_name(string osRelease, string expected) => Assert.Equal(expected, ProcFiles.OsImage(osRelease));

    [Fact]
    public void Processes_are_the_numeric_proc_entries() => Assert.Equal(2, ProcFiles.CountProcesses(["1", "self", "4242", "sys", "", "12a"]));
}
