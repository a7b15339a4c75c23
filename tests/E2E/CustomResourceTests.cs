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

    private const string GadgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.tools.example.dev
        spec:
          group: tools.example.dev
          scope: Namespaced
          names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gdg]}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                description: A gadget on the workbench.
                properties:
                  spec:
                    type: object
                    properties:
                      power: {type: integer, description: Watts the gadget draws., minimum: 0}
                      mode: {type: string, enum: [eco, turbo], default: eco}
          - name: v1beta1
            served: true
            storage: false
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """;

    private static string Gadget(int power) => $"""
        apiVersion: tools.example.dev/v1
        kind: Gadget
        metadata:
          name: drill
        spec:
          power: {power}
        """;

    [Fact]
    public async Task Kubectl_explains_applies_diffs_patches_and_edits_custom_resources()
    {
        var k = fixture.Kubectl;
        (await k.RunAsync(["apply", "-f", "-"], GadgetCrd)).Ok();
        (await k.RunAsync("wait", "--for=condition=Established", "crd/gadgets.tools.example.dev", "--timeout=30s")).Ok();
        var ns = await fixture.NamespaceAsync("gadget");

        var explained = (await k.RunAsync("explain", "gadgets")).Ok().Stdout;
        Assert.Contains("KIND:       Gadget", explained, StringComparison.Ordinal);
        Assert.Contains("A gadget on the workbench.", explained, StringComparison.Ordinal);
        Assert.Contains("metadata\t<ObjectMeta>", explained, StringComparison.Ordinal);
        var field = (await k.RunAsync("explain", "gadget.spec.power")).Ok().Stdout;
        Assert.Contains("FIELD: power <integer>", field, StringComparison.Ordinal);
        Assert.Contains("Watts the gadget draws.", field, StringComparison.Ordinal);
        Assert.Contains("ownerReferences", (await k.RunAsync("explain", "gadgets", "--recursive")).Ok().Stdout, StringComparison.Ordinal);
        Assert.Contains("VERSION:    v1beta1", (await k.RunAsync("explain", "gadgets", "--api-version=tools.example.dev/v1beta1")).Ok().Stdout, StringComparison.Ordinal);

        Assert.Contains("gadget.tools.example.dev/drill created", (await k.RunAsync(["apply", "-n", ns, "-f", "-"], Gadget(10))).Ok().Stdout, StringComparison.Ordinal);
        var diff = await k.RunAsync(["diff", "-n", ns, "-f", "-"], Gadget(20));
        Assert.Equal(1, diff.ExitCode); // 1: differences found
        Assert.Contains("+  power: 20", diff.Stdout, StringComparison.Ordinal);
        Assert.Contains("gadget.tools.example.dev/drill configured", (await k.RunAsync(["apply", "-n", ns, "-f", "-"], Gadget(20))).Ok().Stdout, StringComparison.Ordinal);
        Assert.Contains("serverside-applied", (await k.RunAsync(["apply", "--server-side", "--force-conflicts", "-n", ns, "-f", "-"], Gadget(30))).Ok().Stdout, StringComparison.Ordinal);
        Assert.Equal("30 eco", (await k.RunAsync("get", "gadget", "drill", "-n", ns, "-o", "jsonpath={.spec.power} {.spec.mode}")).Ok().Stdout);

        (await k.RunAsync("patch", "gadget", "drill", "-n", ns, "--type", "merge", "-p", """{"spec":{"mode":"turbo"}}""")).Ok();
        (await k.RunAsync("patch", "gadget", "drill", "-n", ns, "--type", "json", "-p", """[{"op":"replace","path":"/spec/power","value":40}]""")).Ok();
        var strategic = await k.RunAsync("patch", "gadget", "drill", "-n", ns, "-p", """{"spec":{"power":1}}""");
        Assert.NotEqual(0, strategic.ExitCode);
        Assert.Contains("application/strategic-merge-patch+json is not supported", strategic.Stderr, StringComparison.Ordinal);

        var editor = new Dictionary<string, string> { ["KUBE_EDITOR"] = "sed -i s/power:.40/power:\\ 50/" };
        Assert.Contains("edited", (await k.RunAsync(["edit", "gadget", "drill", "-n", ns], null, editor)).Ok().Stdout, StringComparison.Ordinal);
        Assert.Equal("50 turbo", (await k.RunAsync("get", "gdg", "drill", "-n", ns, "-o", "jsonpath={.spec.power} {.spec.mode}")).Ok().Stdout);
        Assert.Equal("50", (await k.RunAsync("get", "gadgets.v1beta1.tools.example.dev", "drill", "-n", ns, "-o", "jsonpath={.spec.power}")).Ok().Stdout);

        (await k.RunAsync("delete", "crd", "gadgets.tools.example.dev", "--timeout=60s")).Ok();
        Assert.NotEqual(0, (await k.RunAsync("explain", "gadgets")).ExitCode);
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
