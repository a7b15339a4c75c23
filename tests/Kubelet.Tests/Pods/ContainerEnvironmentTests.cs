using System.Text;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Kubelet.Pods;

namespace Cluster.Kubelet.Tests.Pods;

public sealed class ContainerEnvironmentTests
{
    private sealed class Sources : IPodSources
    {
        public Dictionary<string, ConfigMap> ConfigMaps { get; } = new();

        public Dictionary<string, Secret> Secrets { get; } = new();

        public ConfigMap? ConfigMap(string ns, string name) => ConfigMaps.GetValueOrDefault($"{ns}/{name}");

        public Secret? Secret(string ns, string name) => Secrets.GetValueOrDefault($"{ns}/{name}");

        public IReadOnlyDictionary<string, ResourceQuantity> NodeAllocatable { get; } = new Dictionary<string, ResourceQuantity> { ["cpu"] = "2", ["memory"] = "4Gi" };

        public Task<string> ServiceAccountTokenAsync(Pod pod, string? audience, long expirationSeconds, CancellationToken ct) =>
            throw new InvalidOperationException("environments never ask for tokens");
    }

    private static Sources WithData()
    {
        var sources = new Sources();
        sources.ConfigMaps["ns1/settings"] = new ConfigMap { Data = new Dictionary<string, string> { ["MODE"] = "fast", ["bad key"] = "x", ["1ST"] = "y", ["level"] = "3" } };
        sources.Secrets["ns1/creds"] = new Secret { Data = new Dictionary<string, ReadOnlyMemory<byte>> { ["PASSWORD"] = Encoding.UTF8.GetBytes("s3cret") } };
        return sources;
    }

    private static Pod PodWith(Container container) => new()
    {
        Metadata = new ObjectMeta { Name = "web-1", Namespace = "ns1", Uid = "u-1", Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" } },
        Spec = new PodSpec { NodeName = "node-a", ServiceAccountName = "default", Containers = [container] },
        Status = new PodStatus { PodIP = "10.0.0.7", HostIP = "192.168.1.2", PodIPs = [new PodIP { Ip = "10.0.0.7" }] },
    };

    private static IReadOnlyList<KeyValuePair<string, string>> Resolve(Container container, Sources? sources = null) =>
        ContainerEnvironment.Resolve(PodWith(container), container, sources ?? WithData());

    private static EnvVar Field(string name, string path) => new() { Name = name, ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = path } } };

    [Fact]
    public void Env_from_comes_first_then_env_in_order_later_names_replacing_earlier_ones_in_place()
    {
        var env = Resolve(new Container
        {
            Name = "app",
            EnvFrom = [new EnvFromSource { ConfigMapRef = new ConfigMapEnvSource { Name = "settings" }, Prefix = "CFG_" }],
            Env = [new EnvVar { Name = "A", Value = "1" }, new EnvVar { Name = "CFG_MODE", Value = "slow" }, new EnvVar { Name = "B", Value = "2" }],
        });
        Assert.Equal([("CFG_1ST", "y"), ("CFG_MODE", "slow"), ("CFG_level", "3"), ("A", "1"), ("B", "2")], env.Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void Env_from_skips_keys_that_are_not_valid_names_after_the_prefix() // "1ST" is valid only with a prefix
    {
        var env = Resolve(new Container { Name = "app", EnvFrom = [new EnvFromSource { ConfigMapRef = new ConfigMapEnvSource { Name = "settings" } }] });
        Assert.Equal(["MODE", "level"], env.Select(p => p.Key));
    }

    [Fact]
    public void Values_expand_references_to_variables_defined_before_them_only()
    {
        var env = Resolve(new Container
        {
            Name = "app",
            Env = [new EnvVar { Name = "HOST", Value = "db" }, new EnvVar { Name = "URL", Value = "http://$(HOST):$(PORT)/" }, new EnvVar { Name = "PORT", Value = "5432" }],
        });
        Assert.Equal("http://db:$(PORT)/", env.Single(p => p.Key == "URL").Value);
    }

    [Fact]
    public void Secret_and_config_map_keys_resolve_and_optional_missing_ones_are_left_out()
    {
        var env = Resolve(new Container
        {
            Name = "app",
            Env =
            [
                new EnvVar { Name = "PW", ValueFrom = new EnvVarSource { SecretKeyRef = new SecretKeySelector { Name = "creds", Key = "PASSWORD" } } },
                new EnvVar { Name = "MODE", ValueFrom = new EnvVarSource { ConfigMapKeyRef = new ConfigMapKeySelector { Name = "settings", Key = "MODE" } } },
                new EnvVar { Name = "GONE", ValueFrom = new EnvVarSource { ConfigMapKeyRef = new ConfigMapKeySelector { Name = "nope", Key = "x", Optional = true } } },
                new EnvVar { Name = "NOKEY", ValueFrom = new EnvVarSource { SecretKeyRef = new SecretKeySelector { Name = "creds", Key = "USER", Optional = true } } },
            ],
            EnvFrom = [new EnvFromSource { SecretRef = new SecretEnvSource { Name = "missing", Optional = true } }],
        });
        Assert.Equal([("PW", "s3cret"), ("MODE", "fast")], env.Select(p => (p.Key, p.Value)));
    }

    public static TheoryData<Container, string> Failures => new()
    {
        { new Container { Name = "a", Env = [new EnvVar { Name = "X", ValueFrom = new EnvVarSource { ConfigMapKeyRef = new ConfigMapKeySelector { Name = "nope", Key = "k" } } }] }, "configmap \"nope\" not found" },
        { new Container { Name = "a", Env = [new EnvVar { Name = "X", ValueFrom = new EnvVarSource { ConfigMapKeyRef = new ConfigMapKeySelector { Name = "settings", Key = "k" } } }] }, "couldn't find key k in ConfigMap ns1/settings" },
        { new Container { Name = "a", Env = [new EnvVar { Name = "X", ValueFrom = new EnvVarSource { SecretKeyRef = new SecretKeySelector { Name = "nope", Key = "k" } } }] }, "secret \"nope\" not found" },
        { new Container { Name = "a", Env = [new EnvVar { Name = "X", ValueFrom = new EnvVarSource { SecretKeyRef = new SecretKeySelector { Name = "creds", Key = "k" } } }] }, "couldn't find key k in Secret ns1/creds" },
        { new Container { Name = "a", EnvFrom = [new EnvFromSource { SecretRef = new SecretEnvSource { Name = "nope" } }] }, "secret \"nope\" not found" },
        { new Container { Name = "a", Env = [Field("X", "spec.hostname")] }, "unsupported fieldPath: spec.hostname" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_missing_required_source_is_a_container_config_error(Container container, string message) =>
        Assert.Equal(message, Assert.Throws<ContainerConfigException>(() => Resolve(container)).Message);

    [Theory]
    [InlineData("metadata.name", "web-1")]
    [InlineData("metadata.namespace", "ns1")]
    [InlineData("metadata.uid", "u-1")]
    [InlineData("metadata.labels['app']", "web")]
    [InlineData("metadata.labels['none']", "")]
    [InlineData("metadata.labels", "app=\"web\"\ntier=\"front\"")]
    [InlineData("spec.nodeName", "node-a")]
    [InlineData("spec.serviceAccountName", "default")]
    [InlineData("status.podIP", "10.0.0.7")]
    [InlineData("status.podIPs", "10.0.0.7")]
    [InlineData("status.hostIP", "192.168.1.2")]
    public void Field_references_give_the_downward_api_values(string path, string expected) =>
        Assert.Equal(expected, Resolve(new Container { Name = "app", Env = [Field("V", path)] }).Single().Value);

    [Theory]
    [InlineData("requests.cpu", null, "1")]        // 250m rounds up to one core
    [InlineData("requests.cpu", "1m", "250")]
    [InlineData("limits.cpu", "1m", "2000")]       // no limit: the node's allocatable
    [InlineData("limits.memory", "1Mi", "64")]
    [InlineData("requests.memory", null, "33554432")]
    [InlineData("limits.memory", null, "67108864")]
    public void Resource_references_give_requests_and_limits_in_divisor_units_rounded_up(string resource, string? divisor, string expected)
    {
        var container = new Container
        {
            Name = "app",
            Resources = new ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = "250m", ["memory"] = "32Mi" },
                Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = "64Mi" },
            },
            Env = [new EnvVar { Name = "R", ValueFrom = new EnvVarSource { ResourceFieldRef = new ResourceFieldSelector { Resource = resource, Divisor = divisor is null ? (ResourceQuantity?)null : new ResourceQuantity(divisor) } } }],
        };
        Assert.Equal(expected, Resolve(container).Single().Value);
    }

    [Fact]
    public void Command_and_args_expand_against_the_resolved_environment()
    {
        IReadOnlyList<KeyValuePair<string, string>> env = [KeyValuePair.Create("NAME", "world")];
        Assert.Equal(["echo", "hello world", "$(OTHER)", "$(NAME)"], ContainerEnvironment.ExpandAll(["echo", "hello $(NAME)", "$(OTHER)", "$$(NAME)"], env));
        Assert.Empty(ContainerEnvironment.ExpandAll(null, env));
    }
}
