using Cluster.Api.Selectors;

namespace Cluster.Api.Tests.Selectors;

public class LabelSelectorParseTests
{
    [Theory]
    [InlineData("x=a,y=b,z=c")]
    [InlineData("")]
    [InlineData("x!=a,y=b")]
    [InlineData("x=")]
    [InlineData("x= ")]
    [InlineData("x=,z= ")]
    [InlineData("x= ,z= ")]
    [InlineData("!x")]
    [InlineData("x>1")]
    [InlineData("x>1,z<5")]
    [InlineData("x==a")]
    public void Good_strings_print_back_without_spaces(string text)
    {
        Assert.Equal(text.Replace(" ", "", StringComparison.Ordinal), LabelSelector.Parse(text).ToString());
    }

    [Theory]
    [InlineData("x=a||y=b")]
    [InlineData("x==a==b")]
    [InlineData("!x=a")]
    [InlineData("x<a")]
    [InlineData("x,,y")]
    [InlineData(",x,y")]
    [InlineData("x nott in (y)")]
    [InlineData("a in (xyz),")]
    [InlineData("a in (xyz)b notin ()")]
    [InlineData("a in (xyz abc)")]
    [InlineData("a notin(")]
    [InlineData("a (")]
    [InlineData("(")]
    [InlineData("x in a")]
    [InlineData("x=(a)")]
    [InlineData("!")]
    [InlineData("x=a b")]
    public void Bad_strings_are_rejected(string text)
    {
        Assert.Throws<SelectorParseException>(() => LabelSelector.Parse(text));
        Assert.False(LabelSelector.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("\rx", "x")]
    [InlineData("this-is-a-dns.domain.com/key-with-dash", "this-is-a-dns.domain.com/key-with-dash")]
    [InlineData("this-is-another-dns.domain.com/key-with-dash in (so,what)", "this-is-another-dns.domain.com/key-with-dash in (so,what)")]
    [InlineData("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)")]
    [InlineData("foo  in\t (abc)", "foo in (abc)")]
    [InlineData("x notin\n (abc)", "x notin (abc)")]
    [InlineData("x  notin\t\t(def,abc)", "x notin (abc,def)")]
    [InlineData("x in (abc,)", "x in (,abc)")]
    [InlineData("x in ()", "x in ()")]
    [InlineData("x notin ( )", "x notin ()")]
    [InlineData("x notin (, a)", "x notin (,a)")]
    [InlineData("x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()")]
    [InlineData("x in (b,a,b)", "x in (a,b)")]
    [InlineData("a in (x,y,notin, z,in)", "a in (in,notin,x,y,z)")]
    [InlineData("in in (in)", "in in (in)")]
    [InlineData("notin=in", "notin=in")]
    [InlineData("a ", "a")]
    [InlineData("  z=1 , y!=2 ,x ", "x,y!=2,z=1")]
    [InlineData("x=a,a=x", "a=x,x=a")]
    [InlineData("x>2,y<8,z", "x>2,y<8,z")]
    [InlineData("x in (a,,)", "x in (,a)")]
    [InlineData("x in (,,)", "x in ()")]
    public void Parses_to_the_canonical_form(string text, string canonical)
    {
        var selector = LabelSelector.Parse(text);
        Assert.Equal(canonical, selector.ToString());
        Assert.Equal(canonical, LabelSelector.Parse(canonical).ToString());
    }

    [Fact]
    public void Requirements_are_sorted_by_key_keeping_written_order_for_equal_keys()
    {
        var selector = LabelSelector.Parse("z!=a,b=c,z");
        Assert.Equal(["b", "z", "z"], selector.Requirements.Select(r => r.Key));
        Assert.Equal(LabelOperator.NotEqual, selector.Requirements[1].Operator);
        Assert.Equal(LabelOperator.Exists, selector.Requirements[2].Operator);
    }

    [Theory]
    [InlineData("a=b", LabelOperator.Equal)]
    [InlineData("a==b", LabelOperator.DoubleEqual)]
    [InlineData("a!=b", LabelOperator.NotEqual)]
    [InlineData("a in (b)", LabelOperator.In)]
    [InlineData("a notin (b)", LabelOperator.NotIn)]
    [InlineData("a", LabelOperator.Exists)]
    [InlineData("!a", LabelOperator.DoesNotExist)]
    [InlineData("a>1", LabelOperator.GreaterThan)]
    [InlineData("a<1", LabelOperator.LessThan)]
    public void Each_operator_is_recognised(string text, LabelOperator op)
    {
        var r = Assert.Single(LabelSelector.Parse(text).Requirements);
        Assert.Equal("a", r.Key);
        Assert.Equal(op, r.Operator);
    }

    [Fact]
    public void Empty_and_blank_strings_select_everything()
    {
        Assert.True(LabelSelector.Parse("").IsEverything);
        Assert.True(LabelSelector.Parse(" \t\n").IsEverything);
        Assert.False(LabelSelector.Parse("a").IsEverything);
    }

    [Theory]
    [InlineData("x=a y=b", "found 'y', expected: ',' or 'end of string'")]
    [InlineData("a in (xyz),", "found '', expected: identifier after ','")]
    [InlineData(",x", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("x nott in (y)", "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'")]
    [InlineData("a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier")]
    [InlineData("x in a", "unable to parse requirement: found 'a' expected: '('")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("x=(a)", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("x in (a=b)", "unable to parse requirement: found '=', expected: ',' or ')'")]
    [InlineData("x in (,=)", "unable to parse requirement: found '=', expected: ',', or identifier")]
    public void Syntax_errors_use_upstream_messages(string text, string message)
    {
        var e = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse(text));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Invalid_key_is_reported_with_a_nil_path_like_upstream()
    {
        var e = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("Foo_=x"));
        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"Foo_\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            e.Message);
    }

    [Fact]
    public void Invalid_value_is_reported_at_values_index_and_key()
    {
        var e = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("app=-bad"));
        Assert.StartsWith("unable to parse requirement: values[0][app]: Invalid value: \"-bad\": a valid label must be an empty string", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_invalid_values_are_aggregated_in_brackets()
    {
        var e = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("app in (-a,-b)"));
        Assert.StartsWith("unable to parse requirement: [values[0][app]: Invalid value: \"-a\": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(", values[1][app]: Invalid value: \"-b\": ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_integer_bound_for_gt_is_rejected()
    {
        var e = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("x>a"));
        Assert.Equal("unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer", e.Message);
    }

    [Fact]
    public void Value_longer_than_63_characters_is_rejected()
    {
        var e = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("a=" + new string('v', 64)));
        Assert.Contains("must be no more than 63 characters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requirement_create_validates_like_upstream()
    {
        Assert.Equal("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
            Assert.Throws<SelectorParseException>(() => LabelRequirement.Create("x", LabelOperator.In, [])).Message);
        Assert.Equal("values: Invalid value: []string{\"bar\", \"foo\"}: exact-match compatibility requires one single value",
            Assert.Throws<SelectorParseException>(() => LabelRequirement.Create("x", LabelOperator.Equal, ["bar", "foo"])).Message);
        Assert.Equal("values: Invalid value: []string{\"foo\"}: values set must be empty for exists and does not exist",
            Assert.Throws<SelectorParseException>(() => LabelRequirement.Create("x", LabelOperator.Exists, ["foo"])).Message);
        Assert.Equal("values: Invalid value: []string{}: for 'Gt', 'Lt' operators, exactly one value is required",
            Assert.Throws<SelectorParseException>(() => LabelRequirement.Create("x", LabelOperator.GreaterThan, [])).Message);
        Assert.StartsWith("key: Invalid value: \"a b\": ",
            Assert.Throws<SelectorParseException>(() => LabelRequirement.Create("a b", LabelOperator.Exists, [])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requirement_prints_unsorted_values_sorted()
    {
        var r = LabelRequirement.Create("x", LabelOperator.NotIn, ["def", "abc"]);
        Assert.Equal("x notin (abc,def)", r.ToString());
        Assert.Equal(["def", "abc"], r.Values);
    }
}
