using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Config;

/// <summary>
/// Secrets (core/v1): type Opaque by default and stringData merged into data (as the v1 conversion does),
/// ValidateSecret (config keys, base64 values, 1 MiB in total, the per-type required keys) and on update an
/// immutable type and, for immutable secrets, unchanged data.
/// </summary>
public sealed class SecretStrategy : ResourceStrategy
{
    private const string Immutable = "field is immutable when `immutable` is set";

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Node.DefaultString(obj, "type", "Opaque");
        if (Node.Obj(obj, "stringData") is { } stringData && stringData.All(kv => kv.Value is null || Node.AsString(kv.Value) is not null))
        {
            var data = Node.Ensure(obj, "data");
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Node.AsString(value) ?? string.Empty));
            }

            obj.Remove("stringData");
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(ValidateSecret(obj));

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = new List<FieldError>();
        var type = Node.S(obj, "type");
        if (type != Node.S(old, "type"))
        {
            errs.Add(FieldError.Invalid(FieldPath.Root("type"), type, "field is immutable"));
        }

        if (Node.Bool(old, "immutable") == true)
        {
            if (Node.Bool(obj, "immutable") != true)
            {
                errs.Add(FieldError.Forbidden(FieldPath.Root("immutable"), Immutable));
            }

            if (!Semantic.Equal(obj["data"], old["data"]))
            {
                errs.Add(FieldError.Forbidden(FieldPath.Root("data"), Immutable));
            }
        }

        errs.AddRange(ValidateSecret(obj));
        return Causes.Of(errs);
    }

    private static List<FieldError> ValidateSecret(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var dataPath = FieldPath.Root("data");
        var data = Node.Obj(obj, "data");
        // Left in place by Default only when some value is not a string.
        DataValidation.ValidateKeys(Node.Obj(obj, "stringData"), FieldPath.Root("stringData"), errs);
        DataValidation.ValidateKeys(data, dataPath, errs);
        var decoded = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (DataValidation.DecodedSize(data, dataPath, errs, decoded) > DataValidation.MaxSize)
        {
            errs.Add(FieldError.TooLong(dataPath, DataValidation.MaxSize));
        }

        var has = (string key) => data?.ContainsKey(key) == true;
        switch (Node.S(obj, "type"))
        {
            case "kubernetes.io/service-account-token":
                const string saName = "kubernetes.io/service-account.name";
                if (Node.S(Node.Obj(Node.Obj(obj, "metadata"), "annotations"), saName).Length == 0)
                {
                    errs.Add(FieldError.Required(FieldPath.Root("metadata", "annotations").Key(saName), string.Empty));
                }

                break;
            case "kubernetes.io/dockercfg":
                RequireJson(decoded, has, ".dockercfg", dataPath, errs);
                break;
            case "kubernetes.io/dockerconfigjson":
                RequireJson(decoded, has, ".dockerconfigjson", dataPath, errs);
                break;
            case "kubernetes.io/basic-auth":
                if (!has("username") && !has("password"))
                {
                    errs.Add(FieldError.Required(dataPath.Key("username"), string.Empty));
                    errs.Add(FieldError.Required(dataPath.Key("password"), string.Empty));
                }

                break;
            case "kubernetes.io/ssh-auth":
                if (decoded.GetValueOrDefault("ssh-privatekey") is not { Length: > 0 })
                {
                    errs.Add(FieldError.Required(dataPath.Key("ssh-privatekey"), string.Empty));
                }

                break;
            case "kubernetes.io/tls":
                foreach (var key in new[] { "tls.crt", "tls.key" })
                {
                    if (!has(key))
                    {
                        errs.Add(FieldError.Required(dataPath.Key(key), string.Empty));
                    }
                }

                break;
        }

        return errs;
    }

    private static void RequireJson(Dictionary<string, byte[]> decoded, Func<string, bool> has, string key, FieldPath path, List<FieldError> errs)
    {
        if (!has(key))
        {
            errs.Add(FieldError.Required(path.Key(key), string.Empty));
            return;
        }

        if (!decoded.TryGetValue(key, out var bytes))
        {
            return;
        }

        try
        {
            if (JsonNode.Parse(bytes) is not JsonObject)
            {
                errs.Add(FieldError.Invalid(path.Key(key), "<secret contents redacted>", "json: cannot unmarshal into Go value of type map[string]interface {}"));
            }
        }
        catch (JsonException e)
        {
            errs.Add(FieldError.Invalid(path.Key(key), "<secret contents redacted>", e.Message));
        }
    }
}
