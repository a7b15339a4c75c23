namespace Cluster.Store.Tests.Crash;

/// <summary>What a line from the crash worker reports (see <c>tests/Store.CrashWorker/AckWriter.cs</c>).</summary>
internal enum AckKind { Ready, Compact, Grant, Put, Create, Multi, LeasePut, Deleting, Delete, Error }
