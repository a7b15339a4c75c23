namespace Cluster.E2E;

/// <summary>CustomResourceDefinitions driven by the real kubectl: apply a CRD and a CR, get with printer columns, refusals.</summary>
public sealed class CustomResourceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static string Crd => File.ReadAllText(Path.Combine(Cluster.TestKit.RepoPaths.Root, "manifests", "crds", "widgets.example.dev.yaml"));

    private static string Widget(string name, string size, string colour = "blue") => $"""
        apiVersion: example.dev/v1
        kind: Widget
        metadata:
          name: {name}
        spec:
          size: {size}
          colour: {colour}
        """;

    [Fact]
    public async Task Kubectl_applies_a_crd_and_its_objects_and_lists_them_with_printer_columns()
    {
        var k = fixture.Kubectl;
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/widgets.example.dev created", (await k.RunAsync(["apply", "-f", "-"], Crd)).Ok().Stdout, StringComparison.Ordinal);
        (await k.RunAsync("wait", "--for=condition=Established", "crd/widgets.example.dev", "--timeout=30s")).Ok();
        var ns = await fixture.NamespaceAsync("crd");

        Assert.Contains("widget.example.dev/one created", (await k.RunAsync(["apply", "-n", ns, "-f", "-"], Widget("one", "3"))).Ok().Stdout, StringComparison.Ordinal);
        Assert.Contains("widget.example.dev/one configured", (await k.RunAsync(["apply", "-n", ns, "-f", "-"], Widget("one", "4"))).Ok().Stdout, StringComparison.Ordinal);

        var table = (await k.RunAsync("get", "widgets", "-n", ns)).Ok().Stdout;
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "SIZE", "COLOUR", "READY", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["one", "4", "blue"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..3]);
        Assert.Contains("one", (await k.RunAsync("get", "wdg", "-n", ns, "-o", "name")).Ok().Stdout, StringComparison.Ordinal);
        Assert.Contains("widget.example.dev/one", (await k.RunAsync("get", "all", "-n", ns, "-o", "name")).Ok().Stdout, StringComparison.Ordinal);

        var invalid = await k.RunAsync(["apply", "-n", ns, "-f", "-"], Widget("two", "99"));
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("spec.size", invalid.Stderr, StringComparison.Ordinal);
        Assert.Contains("should be less than or equal to 10", invalid.Stderr, StringComparison.Ordinal);
        var badColour = await k.RunAsync(["apply", "-n", ns, "-f", "-"], Widget("three", "1", "green"));
        Assert.Contains("Unsupported value: \"green\"", badColour.Stderr, StringComparison.Ordinal);

        Assert.Contains("deleted", (await k.RunAsync("delete", "crd", "widgets.example.dev", "--timeout=60s")).Ok().Stdout, StringComparison.Ordinal);
        var gone = await k.RunAsync("get", "widgets", "-n", ns);
        Assert.NotEqual(0, gone.ExitCode);
    }

    [Fact]
    public async Task An_invalid_crd_is_refused_with_the_field_named()
    {
        var invalid = Crd.Replace("name: widgets.example.dev", "name: gadgets.example.dev", StringComparison.Ordinal);
        var result = await fixture.Kubectl.RunAsync(["apply", "-f", "-"], invalid);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("metadata.name", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("must be spec.names.plural+\".\"+spec.group", result.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>Custom resources across a SIGKILL of the server: definitions and objects are served again at once.</summary>
public sealed class CustomResourceRestartTests
{
    [Fact]
    public async Task After_a_kill_the_crd_and_its_objects_are_served_from_the_first_request()
    {
        await using var server = await Cluster.TestKit.ClusterServerProcess.StartAsync();
        using var k = new Cluster.TestKit.Kubectl(server.Kubeconfig);
        (await k.RunAsync(["apply", "-f", Path.Combine(Cluster.TestKit.RepoPaths.Root, "manifests", "crds", "widgets.example.dev.yaml")], null)).Ok();
        (await k.RunAsync("wait", "--for=condition=Established", "crd/widgets.example.dev", "--timeout=30s")).Ok();
        (await k.RunAsync(["apply", "-n", "default", "-f", Path.Combine(Cluster.TestKit.RepoPaths.Root, "manifests", "examples", "widget.yaml")], null)).Ok();

        await server.KillAsync();
        await server.StartAgainAsync();

        var size = (await k.RunAsync("get", "widget", "small", "-n", "default", "-o", "jsonpath={.spec.size} {.spec.colour}")).Ok().Stdout;
        Assert.Equal("2 red", size);
    }
}
