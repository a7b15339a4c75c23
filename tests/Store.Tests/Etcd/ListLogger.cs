using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.Tests.Etcd;

/// <summary>An <see cref="ILogger"/> that keeps every message, so a test can check what the engine went through.</summary>
public sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<(EventId Id, string Message)> _entries = new();

    public IReadOnlyList<(EventId Id, string Message)> Entries => [.. _entries];

    public bool Logged(string eventName) => _entries.Any(e => e.Id.Name == eventName);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((eventId, formatter(state, exception)));
}
