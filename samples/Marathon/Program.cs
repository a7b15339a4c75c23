using Cluster.Runtime.Hosting;
using Marathon;
using Microsoft.Extensions.Hosting;

// Run with `dotnet run --project samples/Marathon -- --kubeconfig data/admin.kubeconfig` after `kubectl apply -f crd.yaml`.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddClusterClient().AddController<App, AppReconciler>(MarathonController.Configure);
await builder.Build().RunAsync();
