namespace Marathon;

/// <summary>The app definition Marathon users know (a subset: what maps onto Kubernetes).</summary>
public sealed record AppSpec
{
    public string? Id { get; init; }
    public string? Cmd { get; init; }
    public IReadOnlyList<string>? Args { get; init; }
    public int Instances { get; init; } = 1;
    public double Cpus { get; init; } = 1;
    public double Mem { get; init; } = 128;
    public double Disk { get; init; }
    public IReadOnlyDictionary<string, string>? Env { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public AppContainer? Container { get; init; }

    /// <summary>Placement rules such as <c>[["hostname", "UNIQUE"]]</c>.</summary>
    public IReadOnlyList<IReadOnlyList<string>>? Constraints { get; init; }

    public IReadOnlyList<HealthCheck>? HealthChecks { get; init; }
    public UpgradeStrategy? UpgradeStrategy { get; init; }

    /// <summary>Ids of apps that must be healthy before this one is deployed.</summary>
    public IReadOnlyList<string>? Dependencies { get; init; }
}

public sealed record AppContainer(DockerContainer? Docker, IReadOnlyList<PortMapping>? PortMappings);

public sealed record DockerContainer(string Image);

public sealed record PortMapping(int ContainerPort, int? ServicePort = null, string? Name = null, string? Protocol = null);

/// <summary>Protocol HTTP, TCP or COMMAND; times in seconds.</summary>
public sealed record HealthCheck(
    string Protocol = "HTTP", string? Path = null, int PortIndex = 0, int GracePeriodSeconds = 300, int IntervalSeconds = 60,
    int TimeoutSeconds = 20, int MaxConsecutiveFailures = 3, HealthCommand? Command = null);

public sealed record HealthCommand(string Value);

/// <summary>Fractions of <c>instances</c> kept healthy and allowed extra during an upgrade (Marathon's defaults: 1 and 1).</summary>
public sealed record UpgradeStrategy(double MinimumHealthCapacity = 1, double MaximumOverCapacity = 1);
