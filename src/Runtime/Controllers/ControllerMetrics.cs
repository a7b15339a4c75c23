using System.Diagnostics.Metrics;

namespace Cluster.Runtime.Controllers;

/// <summary>
/// controller-runtime's controller instruments, tagged with <c>controller</c>: controller_runtime_reconcile_total
/// (and <c>result</c>: success, error, requeue, requeue_after), controller_runtime_reconcile_errors_total,
/// controller_runtime_terminal_reconcile_errors_total, controller_runtime_reconcile_time_seconds,
/// controller_runtime_active_workers and controller_runtime_max_concurrent_reconciles.
/// </summary>
public sealed class ControllerMetrics(Meter meter)
{
    internal Counter<long> ReconcileTotal { get; } = meter.CreateCounter<long>("controller_runtime_reconcile_total", description: "Total number of reconciliations per controller");

    internal Counter<long> ReconcileErrors { get; } = meter.CreateCounter<long>("controller_runtime_reconcile_errors_total", description: "Total number of reconciliation errors per controller");

    internal Counter<long> TerminalErrors { get; } = meter.CreateCounter<long>("controller_runtime_terminal_reconcile_errors_total", description: "Total number of terminal reconciliation errors per controller");

    internal Histogram<double> ReconcileTime { get; } = meter.CreateHistogram<double>("controller_runtime_reconcile_time_seconds", "s", "Length of time per reconciliation per controller");

    internal UpDownCounter<long> ActiveWorkers { get; } = meter.CreateUpDownCounter<long>("controller_runtime_active_workers", description: "Number of currently used workers per controller");

    internal UpDownCounter<long> MaxConcurrentReconciles { get; } = meter.CreateUpDownCounter<long>("controller_runtime_max_concurrent_reconciles", description: "Maximum number of concurrent reconciles per controller");
}
