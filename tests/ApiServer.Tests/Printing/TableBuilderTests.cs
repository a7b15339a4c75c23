using System.Text.Json.Nodes;
using Cluster.ApiServer.Printing;
using static Cluster.ApiServer.Tests.Printing.PrinterFixture;

namespace Cluster.ApiServer.Tests.Printing;

public class TableBuilderTests
{
    private static readonly string[] Names = ["a", "b"];

    private static List<JsonObject> Objects() =>
        Names.Select(n => Parse($$$"""
            {"apiVersion":"v1","kind":"ConfigMap",
             "metadata":{"name":"{{{n}}}","namespace":"default","labels":{"app":"x"},"resourceVersion":"7",
                         "creationTimestamp":"2024-05-01T11:55:00Z","managedFields":[{"manager":"kubectl"}]},
             "data":{"k":"v"}}
            """)).ToList();

    [Fact]
    public void Builds_a_table_with_columns_rows_and_partial_metadata_by_default()
    {
        var table = TableBuilder.Build(TablePrinters.For("", "configmaps"), Objects(), Now, "Metadata", true, "123", null, null);

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        Assert.Equal("""{"resourceVersion":"123"}""", table["metadata"]!.ToJsonString());
        Assert.Equal(["kind", "apiVersion", "metadata", "columnDefinitions", "rows"], table.Select(p => p.Key));

        var columns = table["columnDefinitions"]!.AsArray();
        Assert.Equal(3, columns.Count);
        Assert.Equal(["name", "type", "format", "description", "priority"], columns[0]!.AsObject().Select(p => p.Key));
        Assert.StartsWith("""{"name":"Data","type":"string","format":"","description":"Data contains""",
            columns[1]!.ToJsonString(), StringComparison.Ordinal);
        Assert.EndsWith(""","priority":0}""", columns[1]!.ToJsonString(), StringComparison.Ordinal);

        var row = table["rows"]![0]!.AsObject();
        Assert.Equal("""["a",1,"5m"]""", row["cells"]!.ToJsonString());
        var partial = row["object"]!.AsObject();
        Assert.Equal("PartialObjectMetadata", partial["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", partial["apiVersion"]!.GetValue<string>());
        Assert.Equal("default", partial["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("x", partial["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.NotNull(partial["metadata"]!["managedFields"]);
        Assert.Null(partial["data"]);
        Assert.Equal(2, table["rows"]!.AsArray().Count);
    }

    [Fact]
    public void Include_object_puts_a_copy_of_the_whole_object_and_leaves_inputs_untouched()
    {
        var objects = Objects();
        var before = objects[0].ToJsonString();
        var table = TableBuilder.Build(TablePrinters.For("", "configmaps"), objects, Now, "Object", true, null, null, null);

        var copy = table["rows"]![0]!["object"]!;
        Assert.Equal(before, copy.ToJsonString());
        Assert.Equal(before, objects[0].ToJsonString());
        Assert.Null(objects[0].Parent);
    }

    [Fact]
    public void Include_none_omits_the_object()
    {
        var table = TableBuilder.Build(TablePrinters.For("", "configmaps"), Objects(), Now, "None", true, null, null, null);
        Assert.False(table["rows"]![0]!.AsObject().ContainsKey("object"));
    }

    [Fact]
    public void Empty_include_object_means_metadata()
    {
        var table = TableBuilder.Build(TablePrinters.For("", "configmaps"), Objects(), Now, "", true, null, null, null);
        Assert.Equal("PartialObjectMetadata", table["rows"]![0]!["object"]!["kind"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("metadata")]
    [InlineData("All")]
    public void Unknown_include_object_is_rejected(string value)
    {
        Assert.False(TableBuilder.IsValidIncludeObject(value));
        Assert.Throws<ArgumentException>(() =>
            TableBuilder.Build(TablePrinters.For("", "configmaps"), Objects(), Now, value, true, null, null, null));
    }

    [Fact]
    public void Watch_events_after_the_first_carry_empty_column_definitions()
    {
        var table = TableBuilder.Build(TablePrinters.For("", "configmaps"), Objects().Take(1), Now, "Metadata", false, null, null, null);
        Assert.Equal("[]", table["columnDefinitions"]!.ToJsonString());
        Assert.Single(table["rows"]!.AsArray());
    }

    [Fact]
    public void List_metadata_carries_continue_and_remaining_count_and_nothing_unset()
    {
        var table = TableBuilder.Build(TablePrinters.For("", "configmaps"), [], Now, "Metadata", true, "9", "tok", 4);
        Assert.Equal("""{"resourceVersion":"9","continue":"tok","remainingItemCount":4}""", table["metadata"]!.ToJsonString());
        Assert.Equal("[]", table["rows"]!.ToJsonString());

        var bare = TableBuilder.Build(TablePrinters.For("", "configmaps"), [], Now, "Metadata", true, null, "", null);
        Assert.Equal("{}", bare["metadata"]!.ToJsonString());
    }

    [Fact]
    public void A_printer_that_returns_the_wrong_number_of_cells_is_a_bug()
    {
        Assert.Throws<InvalidOperationException>(() =>
            TableBuilder.Build(new BrokenPrinter(), Objects(), Now, "None", true, null, null, null));
    }

    private sealed class BrokenPrinter : ITablePrinter
    {
        public IReadOnlyList<TableColumn> Columns { get; } = [new("Name", "string", "name", "", 0), new("X", "string", "", "", 0)];

        public JsonArray Cells(JsonObject obj, DateTimeOffset now) => ["only-one"];
    }
}
