using Cluster.Api.Validation;

namespace Cluster.Api.Tests.Validation;

public class FieldPathTests
{
    [Fact]
    public void Root_prints_its_name()
    {
        Assert.Equal("metadata", FieldPath.Root("metadata").ToString());
    }

    [Fact]
    public void Children_are_joined_with_dots()
    {
        Assert.Equal("spec.template.spec", FieldPath.Root("spec").Child("template").Child("spec").ToString());
    }

    [Fact]
    public void Root_and_child_accept_several_names()
    {
        Assert.Equal("a.b.c.d.e", FieldPath.Root("a", "b", "c").Child("d", "e").ToString());
    }

    [Fact]
    public void Index_prints_as_subscript_and_children_follow_with_a_dot()
    {
        var path = FieldPath.Root("spec").Child("containers").Index(0).Child("name");
        Assert.Equal("spec.containers[0].name", path.ToString());
    }

    [Fact]
    public void Key_prints_as_subscript()
    {
        Assert.Equal("metadata.labels[app]", FieldPath.Root("metadata").Child("labels").Key("app").ToString());
    }

    [Fact]
    public void Consecutive_subscripts_are_not_separated()
    {
        Assert.Equal("values[0][x]", FieldPath.Root("values").Index(0).Key("x").ToString());
    }

    [Fact]
    public void Builders_do_not_change_the_receiver()
    {
        var spec = FieldPath.Root("spec");
        var a = spec.Child("a");
        var b = spec.Index(3);
        Assert.Equal("spec", spec.ToString());
        Assert.Equal("spec.a", a.ToString());
        Assert.Equal("spec[3]", b.ToString());
    }

    [Fact]
    public void RootElement_returns_the_first_element()
    {
        var root = FieldPath.Root("spec");
        Assert.Same(root, root.Child("x").Index(1).Key("k").RootElement);
    }

    [Fact]
    public void Empty_child_name_prints_as_empty_subscript_like_upstream()
    {
        Assert.Equal("spec[]", FieldPath.Root("spec").Child(string.Empty).ToString());
    }
}
