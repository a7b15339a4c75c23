using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Errors;

/// <summary>Renders <c>metav1.Status</c> objects.</summary>
public static class StatusJson
{
    public static JsonObject Failure(ApiException e)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = e.Message,
        };
        if (e.Reason.Length > 0) status["reason"] = e.Reason;
        if (e.Details is { } d) status["details"] = Details(d);
        status["code"] = e.Code;
        return status;
    }

    public static JsonObject Success(StatusDetails? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
        };
        if (details is not null) status["details"] = Details(details);
        return status;
    }

    private static JsonObject Details(StatusDetails d)
    {
        var o = new JsonObject();
        if (d.Name is not null) o["name"] = d.Name;
        if (d.Group is not null) o["group"] = d.Group;
        if (d.Kind is not null) o["kind"] = d.Kind;
        if (d.Uid is not null) o["uid"] = d.Uid;
        if (d.Causes is { Count: > 0 } causes)
        {
            var array = new JsonArray();
            foreach (var c in causes)
            {
                var cause = new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message };
                if (c.Field is not null) cause["field"] = c.Field;
                array.Add(cause);
            }
            o["causes"] = array;
        }
        if (d.RetryAfterSeconds is { } r) o["retryAfterSeconds"] = r;
        return o;
    }
}
