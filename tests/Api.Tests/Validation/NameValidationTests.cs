using Cluster.Api.Validation;

namespace Cluster.Api.Tests.Validation;

public class NameValidationTests
{
    private const string SubdomainRegexMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelRegexMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("a1")]
    [InlineData("a-1")]
    [InlineData("a--1--2--b")]
    [InlineData("0")]
    [InlineData("1-a")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("1.2.3.4")]
    [InlineData("my-app.example.com")]
    public void Dns1123_subdomain_accepts_valid_names(string value)
    {
        Assert.Empty(NameValidation.IsDns1123Subdomain(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("aBc")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData("a_b")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("a..b")]
    [InlineData("a b")]
    [InlineData("a.-b")]
    [InlineData("a\n")]
    public void Dns1123_subdomain_rejects_invalid_names_with_the_upstream_message(string value)
    {
        Assert.Equal([SubdomainRegexMessage], NameValidation.IsDns1123Subdomain(value));
    }

    [Fact]
    public void Dns1123_subdomain_limits_length_to_253()
    {
        var ok = string.Join('.', Enumerable.Repeat(new string('a', 63), 4))[..253];
        Assert.Empty(NameValidation.IsDns1123Subdomain(ok));
        Assert.Equal(["must be no more than 253 characters"], NameValidation.IsDns1123Subdomain(ok[..^1] + "ab"));
    }

    [Fact]
    public void Foo_underscore_is_reported_like_upstream()
    {
        var e = FieldError.Invalid(FieldPath.Root("metadata").Child("name"), "Foo_", NameValidation.IsDns1123Subdomain("Foo_")[0]);
        Assert.Equal("metadata.name: Invalid value: \"Foo_\": " + SubdomainRegexMessage, e.ToString());
    }

    [Theory]
    [InlineData("a")]
    [InlineData("abc")]
    [InlineData("a--1--2--b")]
    [InlineData("0")]
    [InlineData("012")]
    [InlineData("1-a")]
    public void Dns1123_label_accepts_valid_labels(string value)
    {
        Assert.Empty(NameValidation.IsDns1123Label(value));
        Assert.Empty(NameValidation.IsDns1123Label(new string('a', 63)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("-")]
    [InlineData("a-")]
    [InlineData("-a")]
    [InlineData("_a")]
    [InlineData("1_2")]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData(".")]
    [InlineData("a.")]
    public void Dns1123_label_rejects_invalid_labels(string value)
    {
        Assert.NotEmpty(NameValidation.IsDns1123Label(value));
    }

    [Fact]
    public void Dns1123_label_says_dots_are_the_problem_for_valid_subdomains()
    {
        Assert.Equal(["must not contain dots"], NameValidation.IsDns1123Label("a.b"));
        Assert.Equal([LabelRegexMessage], NameValidation.IsDns1123Label("a_b"));
    }

    [Fact]
    public void Dns1123_label_limits_length_to_63()
    {
        Assert.Equal(["must be no more than 63 characters"], NameValidation.IsDns1123Label(new string('a', 64)));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("my-svc", true)]
    [InlineData("abc-123", true)]
    [InlineData("1abc", false)]
    [InlineData("a.b", false)]
    [InlineData("a-", false)]
    [InlineData("A", false)]
    public void Dns1035_label_requires_a_leading_letter(string value, bool valid)
    {
        Assert.Equal(valid, NameValidation.IsDns1035Label(value).Count == 0);
    }

    [Fact]
    public void Dns1035_label_message_matches_upstream()
    {
        Assert.Equal(
            ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
            NameValidation.IsDns1035Label("1abc"));
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("now-with-dashes")]
    [InlineData("1-starts-with-num")]
    [InlineData("1234")]
    [InlineData("simple/simple")]
    [InlineData("now.with.dots/simple")]
    [InlineData("1.2.3.4/5678")]
    [InlineData("Uppercase_Is_OK_123")]
    [InlineData("example.com/Uppercase_Is_OK_123")]
    [InlineData("requests.storage-foo")]
    [InlineData("app.kubernetes.io/name")]
    public void Qualified_name_accepts_valid_keys(string value)
    {
        Assert.Empty(NameValidation.IsQualifiedName(value));
    }

    [Fact]
    public void Qualified_name_accepts_names_at_the_length_limits()
    {
        Assert.Empty(NameValidation.IsQualifiedName(new string('a', 63)));
        Assert.Empty(NameValidation.IsQualifiedName(new string('a', 253) + "/" + new string('b', 63)));
    }

    [Theory]
    [InlineData("nospecialchars%^=@")]
    [InlineData("cantendwithadash-")]
    [InlineData("-cantstartwithadash-")]
    [InlineData("only/one/slash")]
    [InlineData("Example.com/abc")]
    [InlineData("example_com/abc")]
    [InlineData("example.com/")]
    [InlineData("/simple")]
    [InlineData("")]
    public void Qualified_name_rejects_invalid_keys(string value)
    {
        Assert.NotEmpty(NameValidation.IsQualifiedName(value));
    }

    [Fact]
    public void Qualified_name_messages_name_the_failing_part()
    {
        // Upstream's example list really has two spaces before "or".
        const string nameRegex = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        var expectedNameRegex = nameRegex;
        Assert.Equal(["prefix part must be non-empty"], NameValidation.IsQualifiedName("/simple"));
        Assert.Equal(["name part must be non-empty", expectedNameRegex], NameValidation.IsQualifiedName("example.com/"));
        Assert.Equal(["name part must be no more than 63 characters"], NameValidation.IsQualifiedName(new string('a', 64)));
        Assert.Equal([expectedNameRegex], NameValidation.IsQualifiedName("bad-"));
        Assert.Equal(["prefix part " + SubdomainRegexMessage], NameValidation.IsQualifiedName("Example.com/abc"));
        Assert.Equal(
            ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
            NameValidation.IsQualifiedName("a/b/c"));
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("now-with-dashes")]
    [InlineData("end-with-num-1")]
    [InlineData("1234")]
    [InlineData("MixedCase_under.dot")]
    [InlineData("")]
    public void Label_value_accepts_valid_values(string value)
    {
        Assert.Empty(NameValidation.IsValidLabelValue(value));
        Assert.Empty(NameValidation.IsValidLabelValue(new string('a', 63)));
    }

    [Theory]
    [InlineData("nospecialchars%^=@")]
    [InlineData("Tama-nui-te-rā.is.Māori.sun")]
    [InlineData("\\backslashes\\are\\bad")]
    [InlineData("-starts-with-dash")]
    [InlineData("ends-with-dash-")]
    [InlineData(".starts.with.dot")]
    [InlineData("ends.with.dot.")]
    [InlineData("trailing-newline\n")]
    public void Label_value_rejects_invalid_values(string value)
    {
        Assert.Equal(
            ["a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
            NameValidation.IsValidLabelValue(value));
    }

    [Fact]
    public void Label_value_limits_length_to_63_bytes()
    {
        Assert.Equal(["must be no more than 63 characters"], NameValidation.IsValidLabelValue(new string('a', 64)));
    }
}
