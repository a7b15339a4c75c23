namespace Cluster.Store.Embedded.Writes;

/// <summary>
/// A request for the write loop. <see cref="Execute"/> runs under the write lock against the newest state (durable
/// or not), applies its changes and records their effects; a <see cref="StoreException"/> from it fails only this
/// command, whose changes are then taken back. The caller hears the outcome only once the batch is durable.
/// </summary>
internal abstract class WriteCommand
{
    public abstract void Execute(WriteContext context);

    /// <summary>Reports success; called only after the command's batch is durable.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception error);

    /// <summary>Roughly how many log bytes the command writes, to bound a batch.</summary>
    public virtual int SizeHint => 64;
}

/// <summary>A <see cref="WriteCommand"/> with a typed result.</summary>
internal abstract class WriteCommand<T> : WriteCommand
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _done.Task;

    protected void SetResult(T result) => _result = result;

    public override void Complete() => _done.TrySetResult(_result!);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
