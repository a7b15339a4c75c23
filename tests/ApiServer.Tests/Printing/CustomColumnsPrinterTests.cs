using Cluster.ApiServer.Printing;
using static Cluster.ApiServer.Tests.Printing.PrinterFixture;

namespace Cluster.ApiServer.Tests.Printing;

public class CustomColumnsPrinterTests
{
    private const string Widget = """
        {"apiVersion":"example.com/v1","kind":"Widget",
         "metadata":{"name":"w1","creationTimestamp":"2024-05-01T11:55:00Z","annotations":{"example.com/owner":"team-a"}},
         "spec":{"replicas":3,"ratio":0.5,"paused":false,"size":"large","ports":[{"name":"http","port":80},{"name":"grpc","port":9090}],
                 "config":{"a":1}},
         "status":{"conditions":[{"type":"Synced","status":"True"},{"type":"Ready","status":"False","reason":"Waiting"}]}}
        """;

    private static CustomColumnsPrinter Printer(params (string Type, string Path)[] columns) =>
        new(columns.Select((c, i) => new CustomColumn("C" + i, c.Type, "", "d" + i, i % 2, c.Path)));

    [Fact]
    public void Name_column_comes_first_then_the_definitions()
    {
        var printer = new CustomColumnsPrinter([
            new CustomColumn("Replicas", "integer", "", "Desired replicas", 0, ".spec.replicas"),
            new CustomColumn("Age", "date", "", "", 0, ".metadata.creationTimestamp"),
            new CustomColumn("Size", "string", "", "", 1, ".spec.size"),
        ]);
        Assert.Equal("Name|Replicas|Age|Size*", Headers(printer));
        Assert.Equal("name", printer.Columns[0].Format);
        Assert.Equal("Desired replicas", printer.Columns[1].Description);
        Assert.Equal("""["w1",3,"2024-05-01T11:55:00Z","large"]""", Cells(printer, Widget));
    }

    [Fact]
    public void Filter_selects_the_matching_condition()
    {
        var printer = Printer(("string", ".status.conditions[?(@.type==\"Ready\")].status"),
            ("string", ".status.conditions[?(@.type == 'Ready')].reason"),
            ("string", ".status.conditions[?(@.type!=\"Synced\")].type"));
        Assert.Equal("""["w1","False","Waiting","Ready"]""", Cells(printer, Widget));
    }

    [Fact]
    public void Indexes_wildcards_and_bracketed_names()
    {
        var printer = Printer(("integer", ".spec.ports[1].port"), ("string", ".spec.ports[*].name"),
            ("string", ".metadata.annotations['example.com/owner']"), ("string", ".metadata.annotations.example\\.com/owner"),
            ("integer", "{.spec.ports[-1].port}"), ("string", "$.spec.ports[?(@.port > 100)].name"));
        Assert.Equal("""["w1",9090,"http","team-a","team-a",9090,"grpc"]""", Cells(printer, Widget));
    }

    [Fact]
    public void Values_convert_to_the_column_type_or_null()
    {
        var printer = Printer(("number", ".spec.ratio"), ("boolean", ".spec.paused"), ("integer", ".spec.size"),
            ("string", ".spec.replicas"), ("string", ".spec.config"), ("string", ".spec.missing"), ("date", ".spec.size"),
            ("integer", ".spec.ratio"), ("unknown", ".spec.size"));
        Assert.Equal("""["w1",0.5,false,null,"3","{\"a\":1}",null,"<invalid>",0,null]""", Cells(printer, Widget));
    }

    [Theory]
    [InlineData("..spec")]
    [InlineData(".spec[")]
    [InlineData(".spec[?(@.a ~ 1)]")]
    [InlineData("spec.replicas")]
    [InlineData(".spec.ports[x]")]
    public void Unsupported_paths_are_rejected_when_the_printer_is_built(string path)
    {
        Assert.Throws<FormatException>(() => Printer(("string", path)));
    }

    [Fact]
    public void Existence_filter_and_numeric_equality()
    {
        var path = SimpleJsonPath.Parse(".status.conditions[?(@.reason)].type");
        Assert.True(path.TryFirst(Parse(Widget), out var value));
        Assert.Equal("Ready", value!.GetValue<string>());
        var byPort = SimpleJsonPath.Parse(".spec.ports[?(@.port==80)].name");
        Assert.Equal("http", byPort.Evaluate(Parse(Widget)).Single()!.GetValue<string>());
        Assert.False(SimpleJsonPath.Parse(".spec.nothing[0]").TryFirst(Parse(Widget), out _));
    }
}
