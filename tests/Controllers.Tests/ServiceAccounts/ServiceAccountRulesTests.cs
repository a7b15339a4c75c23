using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.ServiceAccounts;

namespace Cluster.Controllers.Tests.ServiceAccounts;

public sealed class ServiceAccountRulesTests
{
    private static readonly Namespace Active = new() { Metadata = new ObjectMeta { Name = "a" }, Status = new NamespaceStatus { Phase = "Active" } };
    private static readonly ServiceAccount Default = new() { Metadata = new ObjectMeta { Name = "default", Namespace = "a" } };

    public static TheoryData<string, Namespace?, ServiceAccount?, bool> Cases => new()
    {
        { "active namespace without one", Active, null, true },
        { "active namespace with one", Active, Default, false },
        { "namespace gone", null, null, false },
        { "terminating phase", Active with { Status = new NamespaceStatus { Phase = "Terminating" } }, null, false },
        { "deletion requested", Active with { Metadata = Active.Metadata! with { DeletionTimestamp = DateTimeOffset.UnixEpoch } }, null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_default_service_account_is_needed_only_in_an_active_namespace_without_one(string _, Namespace? ns, ServiceAccount? existing, bool needed) =>
        Assert.Equal(needed, ServiceAccountController.NeedsDefault(ns, existing));
}
