using System.Text.Json.Nodes;
using Cluster.ApiServer.CustomResources;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Strategies;

namespace Cluster.ApiServer.Tests.CustomResources;

public class CustomResourceDefinitionsTests
{
    private static readonly ResourceRegistry BuiltIn = BuiltInResources.CreateRegistry(new StrategyCatalog());

    [Fact]
    public void Each_served_version_becomes_a_resource_stored_through_the_storage_version()
    {
        var crd = CrdValidationTests.ValidCrd();
        var v2 = (JsonObject)crd["spec"]!["versions"]![0]!.DeepClone();
        v2["name"] = "v2beta1";
        v2["storage"] = false;
        ((JsonObject)v2["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["size"]!).Remove("default");
        ((JsonArray)crd["spec"]!["versions"]!).Add(v2);
        crd["spec"]!["names"]!["listKind"] = "WidgetCollection";

        var resources = CustomResourceDefinitions.Resources(crd).ToList();
        Assert.Equal(["v1", "v2beta1"], resources.Select(r => r.Version));
        Assert.All(resources, r => Assert.Equal(("widgets", "Widget", "WidgetCollection", "example.dev/widgets", true), (r.Plural, r.Kind, r.ListKind, r.StorageResource, r.IsCustom)));
        Assert.All(resources, r => Assert.Equal("example.dev/v1", r.Custom!.StorageApiVersion));
        Assert.NotNull(resources[0].Converter); // the storage version has defaults: applied on read
        Assert.NotNull(resources[1].Converter);
        Assert.True(resources[0].VersionPriority > resources[1].VersionPriority);
    }

    [Fact]
    public void A_storage_version_without_defaults_is_read_as_stored()
    {
        var crd = CrdValidationTests.ValidCrd();
        ((JsonObject)crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["size"]!).Remove("default");
        Assert.Null(Assert.Single(CustomResourceDefinitions.Resources(crd)).Converter);
    }

    public static TheoryData<string, string, string?> Conflicts => new()
    {
        { "another group's widgets", """{"group":"other.dev","names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"}}""", null },
        { "same plural", """{"group":"example.dev","names":{"plural":"widgets","singular":"thing","kind":"Thing","listKind":"ThingList"}}""", "\"widgets\" is already in use" },
        { "short name taken", """{"group":"example.dev","names":{"plural":"things","singular":"thing","kind":"Thing","listKind":"ThingList","shortNames":["wdg"]}}""", "\"wdg\" is already in use" },
        { "kind taken", """{"group":"example.dev","names":{"plural":"things","singular":"thing","kind":"Widget","listKind":"ThingList"}}""", "\"Widget\" is already in use" },
        { "plural is a built-in's", """{"group":"apps","names":{"plural":"deployments","singular":"deployment","kind":"Dep","listKind":"DepList"}}""", "\"deployments\" is already in use" },
        { "different names", """{"group":"example.dev","names":{"plural":"things","singular":"thing","kind":"Thing","listKind":"ThingList"}}""", null },
    };

    [Theory]
    [MemberData(nameof(Conflicts))]
    public void Names_conflict_within_a_group_only(string _, string spec, string? expected)
    {
        var served = BuiltIn.All.Concat(CustomResourceDefinitions.Resources(CrdValidationTests.ValidCrd())).ToList();
        var crd = new JsonObject { ["spec"] = JsonNode.Parse(spec) };
        Assert.Equal(expected, CustomResourceDefinitions.NameConflict(crd, served));
    }
}
