using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Printing;

namespace Cluster.ApiServer.Tests.Printing;

/// <summary>Helpers to run a printer over an object written as JSON and read its cells back as compact JSON.</summary>
internal static class PrinterFixture
{
    /// <summary>The fixed "now" of printer tests: objects created at 11:55 are "5m" old.</summary>
    public static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>The cells of the object as compact JSON with "&lt;" and "&gt;" unescaped, e.g. ["web","1/1",0].</summary>
    public static string Cells(string group, string resource, string json) =>
        Cells(TablePrinters.For(group, resource), json);

    public static string Cells(ITablePrinter printer, string json)
    {
        var cells = printer.Cells(Parse(json), Now);
        Assert.Equal(printer.Columns.Count, cells.Count);
        return cells.ToJsonString(Readable);
    }

    /// <summary>Column names joined by "|", wide (priority &gt; 0) ones marked with a trailing "*".</summary>
    public static string Headers(string group, string resource) => Headers(TablePrinters.For(group, resource));

    public static string Headers(ITablePrinter printer) =>
        string.Join("|", printer.Columns.Select(c => c.Priority > 0 ? c.Name + "*" : c.Name));

    public static string ToReadableJson(this JsonNode node) => node.ToJsonString(Readable);
}
