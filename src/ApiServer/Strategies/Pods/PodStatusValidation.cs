using System.Net.Sockets;
using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>
/// ValidatePodStatusUpdate (v1.32), what a write through pods/status is checked for (its spec is the stored one): a
/// valid nominated node name, pod and host IPs that are IPs (at most one of each family), and containers of a pod
/// that does not restart them staying terminated once they were.
/// </summary>
internal static class PodStatusValidation
{
    public static void Validate(JsonObject? status, JsonObject? oldStatus, JsonObject? spec, List<FieldError> errs)
    {
        var path = FieldPath.Root("status");
        if (Node.S(status, "nominatedNodeName") is { Length: > 0 } nominated)
            foreach (var msg in NameValidation.IsDns1123Subdomain(nominated))
                errs.Add(FieldError.Invalid(path.Child("nominatedNodeName"), nominated, msg));

        Ips(Node.Arr(status, "podIPs"), path.Child("podIPs"), errs);
        Ips(Node.Arr(status, "hostIPs"), path.Child("hostIPs"), errs);

        var restartPolicy = Node.S(spec, "restartPolicy");
        StayTerminated(Node.Arr(status, "containerStatuses"), Node.Arr(oldStatus, "containerStatuses"), restartPolicy, path.Child("containerStatuses"), errs);
        StayTerminated(Node.Arr(status, "initContainerStatuses"), Node.Arr(oldStatus, "initContainerStatuses"), restartPolicy, path.Child("initContainerStatuses"), errs);
    }

    private static void Ips(JsonArray? ips, FieldPath path, List<FieldError> errs)
    {
        if (ips is null || ips.Count == 0) return;
        var families = new List<AddressFamily>();
        foreach (var (item, i) in Node.Objects(ips))
        {
            var ip = Node.S(item, "ip");
            if (Formats.ParseIp(ip) is { } parsed) families.Add(parsed.AddressFamily);
            else errs.Add(FieldError.Invalid(path.Index(i), ip, Formats.IpMessage));
        }
        if (ips.Count > 2 || (families.Count == 2 && families[0] == families[1]))
            errs.Add(FieldError.Invalid(path, ips.ToJsonString(), "may specify no more than one IP for each IP family"));
    }

    private static void StayTerminated(JsonArray? statuses, JsonArray? oldStatuses, string restartPolicy, FieldPath path, List<FieldError> errs)
    {
        if (restartPolicy is not ("Never" or "OnFailure") || statuses is null || oldStatuses is null) return;
        var old = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (item, _) in Node.Objects(oldStatuses)) old.TryAdd(Node.S(item, "name"), item); // names may repeat in what was stored
        foreach (var (item, i) in Node.Objects(statuses))
        {
            if (!old.TryGetValue(Node.S(item, "name"), out var before) || Node.Obj(Node.Obj(before, "state"), "terminated") is not { } terminated) continue;
            var succeeded = Node.Int(terminated, "exitCode") == 0;
            if (restartPolicy == "OnFailure" && !succeeded) continue; // a failed container of an OnFailure pod restarts
            if (Node.Obj(Node.Obj(item, "state"), "terminated") is null)
                errs.Add(FieldError.Forbidden(path.Index(i).Child("state"), "may not be transitioned to non-terminated state"));
        }
    }
}
