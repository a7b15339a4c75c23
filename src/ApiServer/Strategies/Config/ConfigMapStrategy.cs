using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Config;

/// <summary>
/// ConfigMaps (core/v1): ValidateConfigMap (config keys in data and binaryData, no key in both, 1 MiB in total)
/// and, for immutable config maps, unchanged data and binaryData on update.
/// </summary>
public sealed class ConfigMapStrategy : ResourceStrategy
{
    private const string Immutable = "field is immutable when `immutable` is set";

    public override IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(ValidateConfigMap(obj));

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = new List<FieldError>();
        if (Node.Bool(old, "immutable") == true)
        {
            if (Node.Bool(obj, "immutable") != true)
            {
                errs.Add(FieldError.Forbidden(FieldPath.Root("immutable"), Immutable));
            }

            foreach (var field in new[] { "data", "binaryData" })
            {
                if (!Semantic.Equal(obj[field], old[field]))
                {
                    errs.Add(FieldError.Forbidden(FieldPath.Root(field), Immutable));
                }
            }
        }

        errs.AddRange(ValidateConfigMap(obj));
        return Causes.Of(errs);
    }

    private static List<FieldError> ValidateConfigMap(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var data = Node.Obj(obj, "data");
        var binary = Node.Obj(obj, "binaryData");
        var total = DataValidation.ValidateKeys(data, FieldPath.Root("data"), errs);
        foreach (var (key, _) in data ?? [])
        {
            if (binary?.ContainsKey(key) == true)
            {
                errs.Add(FieldError.Invalid(FieldPath.Root("data").Key(key), key, "duplicate of key present in binaryData"));
            }
        }

        DataValidation.ValidateKeys(binary, FieldPath.Root("binaryData"), errs);
        total += DataValidation.DecodedSize(binary, FieldPath.Root("binaryData"), errs);
        if (total > DataValidation.MaxSize)
        {
            errs.Add(FieldError.TooLong(FieldPath.Root(string.Empty), DataValidation.MaxSize));
        }

        return errs;
    }
}
