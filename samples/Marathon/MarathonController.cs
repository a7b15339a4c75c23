using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Runtime;
using Cluster.Runtime.Builder;

namespace Marathon;

/// <summary>The controller's wiring: what wakes an App's reconcile.</summary>
public static class MarathonController
{
    public static void Configure(ControllerBuilder<App> controller) => controller
        .Named("marathon-apps")
        .WithPredicate(Predicates.GenerationChanged<App>()) // its own status writes do not wake it
        .Owns<Deployment>()
        .Owns<Service>()
        .Watches<App>(dependency => controller.Cache.List<App>(dependency.Metadata?.Namespace)
            .Where(app => app.Spec.Dependencies?.Any(id => AppTranslation.NameOf(id) == dependency.Metadata?.Name) == true)
            .Select(ObjectKey.Of));
}
