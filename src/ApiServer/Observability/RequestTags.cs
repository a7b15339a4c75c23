using System.Runtime.CompilerServices;

namespace Cluster.ApiServer.Observability;

/// <summary>
/// Room for the nine labels of <c>apiserver_request_total</c> on the stack: a <c>TagList</c> holds eight inline
/// and would allocate for the ninth.
/// </summary>
[InlineArray(9)]
internal struct RequestTags
{
    private KeyValuePair<string, object?> _first;
}
