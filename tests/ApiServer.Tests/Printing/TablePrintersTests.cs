using Cluster.ApiServer.Printing;
using static Cluster.ApiServer.Tests.Printing.PrinterFixture;

namespace Cluster.ApiServer.Tests.Printing;

public class TablePrintersTests
{
    public static TheoryData<string, string> BuiltIn => new()
    {
        { "", "pods" }, { "", "namespaces" }, { "", "nodes" }, { "", "services" }, { "", "endpoints" },
        { "", "configmaps" }, { "", "secrets" }, { "", "serviceaccounts" }, { "", "events" }, { "", "resourcequotas" },
        { "", "persistentvolumeclaims" }, { "", "persistentvolumes" }, { "", "replicationcontrollers" }, { "", "podtemplates" },
        { "apps", "deployments" }, { "apps", "replicasets" }, { "apps", "daemonsets" }, { "apps", "statefulsets" },
        { "apps", "controllerrevisions" }, { "batch", "jobs" }, { "batch", "cronjobs" },
        { "autoscaling", "horizontalpodautoscalers" }, { "policy", "poddisruptionbudgets" }, { "coordination.k8s.io", "leases" },
        { "discovery.k8s.io", "endpointslices" }, { "events.k8s.io", "events" }, { "networking.k8s.io", "ingresses" },
        { "networking.k8s.io", "ingressclasses" }, { "networking.k8s.io", "networkpolicies" },
        { "rbac.authorization.k8s.io", "rolebindings" }, { "rbac.authorization.k8s.io", "clusterrolebindings" },
        { "scheduling.k8s.io", "priorityclasses" }, { "storage.k8s.io", "storageclasses" },
        { "admissionregistration.k8s.io", "mutatingwebhookconfigurations" },
        { "admissionregistration.k8s.io", "validatingwebhookconfigurations" }, { "node.k8s.io", "runtimeclasses" },
    };

    [Theory]
    [MemberData(nameof(BuiltIn))]
    public void Built_in_printers_fill_every_column_even_for_a_bare_object(string group, string resource)
    {
        Assert.True(TablePrinters.TryGet(group, resource, out var printer));
        var cells = printer.Cells(Parse("""{"metadata":{"name":"x"}}"""), Now);
        Assert.Equal(printer.Columns.Count, cells.Count);
        Assert.All(printer.Columns, c => Assert.Contains(c.Type, new[] { "string", "integer", "boolean" }));
        Assert.All(printer.Columns, c => Assert.False(string.IsNullOrEmpty(c.Name)));
        Assert.Single(printer.Columns, c => c.Format == "name");
    }

    [Fact]
    public void Built_in_printers_put_the_name_first_except_events()
    {
        foreach (var (group, resource) in BuiltIn.Select(r => ((string)r[0], (string)r[1])))
        {
            var first = TablePrinters.For(group, resource).Columns[0];
            Assert.Equal(resource == "events" ? "Last Seen" : "Name", first.Name);
        }
    }

    [Theory]
    [InlineData("rbac.authorization.k8s.io", "roles")]
    [InlineData("", "limitranges")]
    [InlineData("example.com", "widgets")]
    [InlineData("apps", "pods")]
    public void Others_get_the_default_printer(string group, string resource)
    {
        Assert.False(TablePrinters.TryGet(group, resource, out _));
        Assert.Same(DefaultTablePrinter.Instance, TablePrinters.For(group, resource));
    }

    [Fact]
    public void Default_printer_has_name_and_created_at_date_columns()
    {
        var columns = DefaultTablePrinter.Instance.Columns;
        Assert.Equal(("Name", "string", "name"), (columns[0].Name, columns[0].Type, columns[0].Format));
        Assert.Equal(("Created At", "date", ""), (columns[1].Name, columns[1].Type, columns[1].Format));
        Assert.StartsWith("CreationTimestamp is a timestamp", columns[1].Description, StringComparison.Ordinal);
        Assert.Equal("""["r","2024-05-01T10:55:00Z"]""",
            Cells(DefaultTablePrinter.Instance, """{"metadata":{"name":"r","creationTimestamp":"2024-05-01T12:55:00+02:00"}}"""));
        Assert.Equal("""["r","0001-01-01T00:00:00Z"]""", Cells(DefaultTablePrinter.Instance, """{"metadata":{"name":"r"}}"""));
    }
}
