using Cluster.Api.Selectors;

namespace Cluster.Api.Tests.Selectors;

public class FieldSelectorTests
{
    private static Func<string, string?> Fields(params string[] pairs)
    {
        var map = pairs.Select(p => p.Split(':', 2)).ToDictionary(p => p[0], p => p[1]);
        return name => map.TryGetValue(name, out var v) ? v : null;
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("metadata.name=web", "metadata.name=web")]
    [InlineData("metadata.name==web", "metadata.name=web")]
    [InlineData("status.phase!=Running", "status.phase!=Running")]
    [InlineData("b=2,a=1", "a=1,b=2")]
    [InlineData("a=1,,b=2", "a=1,b=2")]
    [InlineData("x=a\\,b", "x=a\\,b")]
    [InlineData("x=a\\=b\\\\c", "x=a\\=b\\\\c")]
    [InlineData("x=", "x=")]
    [InlineData("=", "")]
    public void Parses_and_prints_back(string text, string expected)
    {
        var s = FieldSelector.Parse(text);
        Assert.Equal(expected, s.ToString());
        Assert.Equal(expected, FieldSelector.Parse(s.ToString()).ToString());
    }

    [Fact]
    public void Requirements_hold_unescaped_values_sorted_by_term_text()
    {
        var s = FieldSelector.Parse("spec.nodeName=n\\,1,metadata.namespace!=kube-system");
        Assert.Equal(
            [new FieldRequirement("metadata.namespace", FieldOperator.NotEqual, "kube-system"), new FieldRequirement("spec.nodeName", FieldOperator.Equal, "n,1")],
            s.Requirements);
    }

    [Fact]
    public void Whitespace_is_not_trimmed()
    {
        var r = Assert.Single(FieldSelector.Parse("metadata.name = web").Requirements);
        Assert.Equal("metadata.name ", r.Field);
        Assert.Equal(" web", r.Value);
    }

    [Fact]
    public void First_operator_position_splits_the_term()
    {
        Assert.Equal(new FieldRequirement("a", FieldOperator.Equal, "!b"), Assert.Single(FieldSelector.Parse("a=!b").Requirements));
        Assert.Equal(new FieldRequirement("a", FieldOperator.NotEqual, "b"), Assert.Single(FieldSelector.Parse("a!=b").Requirements));
        Assert.Equal(new FieldRequirement("a", FieldOperator.Equal, "b"), Assert.Single(FieldSelector.Parse("a==b").Requirements));
    }

    [Theory]
    [InlineData("metadata.name=web", true)]
    [InlineData("metadata.name==web", true)]
    [InlineData("metadata.name=api", false)]
    [InlineData("metadata.name!=api", true)]
    [InlineData("metadata.name!=web", false)]
    [InlineData("spec.nodeName=", true)]
    [InlineData("spec.nodeName!=", false)]
    [InlineData("spec.nodeName!=n1", true)]
    [InlineData("metadata.name=web,status.phase=Running", true)]
    [InlineData("metadata.name=web,status.phase=Pending", false)]
    [InlineData("", true)]
    public void Matches_field_values_with_missing_fields_as_empty(string selector, bool expected)
    {
        var fields = Fields("metadata.name:web", "status.phase:Running");
        Assert.Equal(expected, FieldSelector.Parse(selector).Matches(fields));
    }

    [Theory]
    [InlineData("metadata.name=web", "metadata.name", true, "web")]
    [InlineData("metadata.name==web,status.phase=Running", "metadata.name", true, "web")]
    [InlineData("metadata.name!=web", "metadata.name", false, "")]
    [InlineData("status.phase=Running", "metadata.name", false, "")]
    [InlineData("metadata.name=a\\,b", "metadata.name", true, "a,b")]
    [InlineData("", "metadata.name", false, "")]
    public void TryGetExact_returns_the_required_value(string selector, string field, bool found, string value)
    {
        Assert.Equal(found, FieldSelector.Parse(selector).TryGetExact(field, out var actual));
        Assert.Equal(value, actual);
    }

    [Fact]
    public void IsEverything_only_without_terms()
    {
        Assert.True(FieldSelector.Parse("").IsEverything);
        Assert.True(FieldSelector.Parse(",").IsEverything);
        Assert.False(FieldSelector.Parse("a=b").IsEverything);
        Assert.True(FieldSelector.Everything.IsEverything);
    }

    [Theory]
    [InlineData("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'")]
    [InlineData("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'")]
    [InlineData("a>b", "invalid selector: 'a>b'; can't understand 'a>b'")]
    [InlineData("a=b=c", "invalid field selector: unescaped character in value: 61")]
    [InlineData("a=\\x", "invalid field selector: invalid escape sequence: \\x")]
    [InlineData("a=b\\", "invalid field selector: invalid escape sequence: \\")]
    public void Errors_use_upstream_messages(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<SelectorParseException>(() => FieldSelector.Parse(text)).Message);
        Assert.False(FieldSelector.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "a\\,b")]
    [InlineData("a=b", "a\\=b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("\\,=", "\\\\\\,\\=")]
    public void Escape_and_unescape_are_inverse(string raw, string escaped)
    {
        Assert.Equal(escaped, FieldSelector.EscapeValue(raw));
        Assert.Equal(raw, FieldSelector.UnescapeValue(escaped));
    }

    [Fact]
    public void Requirement_matches_and_prints()
    {
        var r = new FieldRequirement("f", FieldOperator.NotEqual, "a,b");
        Assert.Equal("f!=a\\,b", r.ToString());
        Assert.True(r.Matches(null));
        Assert.False(r.Matches("a,b"));
    }
}
