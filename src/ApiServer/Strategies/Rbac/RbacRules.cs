using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Rbac;

/// <summary>RBAC defaults and checks shared by roles and bindings (rbac/v1 defaults, rbac validation, v1.32).</summary>
internal static class RbacRules
{
    public const string Group = "rbac.authorization.k8s.io";

    /// <summary>ValidatePolicyRule: verbs, and either resources with API groups or (cluster roles only) URLs.</summary>
    public static void ValidateRule(JsonObject rule, bool namespaced, FieldPath path, List<FieldError> errs)
    {
        if (Node.Count(rule["verbs"]) == 0)
        {
            errs.Add(FieldError.Required(path.Child("verbs"), "verbs must contain at least one value"));
        }

        if (Node.Count(rule["nonResourceURLs"]) > 0)
        {
            var urls = GoValue.Strings(Node.Arr(rule, "nonResourceURLs"));
            if (namespaced)
            {
                errs.Add(FieldError.Invalid(path.Child("nonResourceURLs"), urls, "namespaced rules cannot apply to non-resource URLs"));
            }

            if (Node.Count(rule["apiGroups"]) > 0 || Node.Count(rule["resources"]) > 0 || Node.Count(rule["resourceNames"]) > 0)
            {
                errs.Add(FieldError.Invalid(path.Child("nonResourceURLs"), urls, "rules cannot apply to both regular resources and non-resource URLs"));
            }

            return;
        }

        if (Node.Count(rule["apiGroups"]) == 0)
        {
            errs.Add(FieldError.Required(path.Child("apiGroups"), "resource rules must supply at least one api group"));
        }

        if (Node.Count(rule["resources"]) == 0)
        {
            errs.Add(FieldError.Required(path.Child("resources"), "resource rules must supply at least one resource"));
        }
    }

    /// <summary>SetDefaults_Subject and the binding's roleRef apiGroup.</summary>
    public static void DefaultBinding(JsonObject binding)
    {
        Node.DefaultString(Node.Ensure(binding, "roleRef"), "apiGroup", Group);
        foreach (var (subject, _) in Node.Objects(Node.Arr(binding, "subjects")))
        {
            if (Node.S(subject, "apiGroup").Length == 0)
            {
                switch (Node.S(subject, "kind"))
                {
                    case "ServiceAccount":
                        subject["apiGroup"] = string.Empty;
                        break;
                    case "User" or "Group":
                        subject["apiGroup"] = Group;
                        break;
                }
            }
        }
    }

    /// <summary>ValidateRoleBinding (roleRef and subjects).</summary>
    public static void ValidateBinding(JsonObject binding, bool namespaced, List<FieldError> errs)
    {
        var roleRef = Node.Obj(binding, "roleRef");
        var apiGroup = Node.S(roleRef, "apiGroup");
        if (apiGroup != Group)
        {
            errs.Add(FieldError.NotSupported(FieldPath.Root("roleRef", "apiGroup"), apiGroup, [Group]));
        }

        var kind = Node.S(roleRef, "kind");
        string[] kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
        if (!kinds.Contains(kind))
        {
            errs.Add(FieldError.NotSupported(FieldPath.Root("roleRef", "kind"), kind, kinds));
        }

        var name = Node.S(roleRef, "name");
        if (name.Length == 0)
        {
            errs.Add(FieldError.Required(FieldPath.Root("roleRef", "name"), string.Empty));
        }
        else
        {
            foreach (var msg in Formats.PathSegmentName(name))
            {
                errs.Add(FieldError.Invalid(FieldPath.Root("roleRef", "name"), name, msg));
            }
        }

        foreach (var (subject, i) in Node.Objects(Node.Arr(binding, "subjects")))
        {
            ValidateSubject(subject, namespaced, FieldPath.Root("subjects").Index(i), errs);
        }
    }

    private static void ValidateSubject(JsonObject subject, bool namespaced, FieldPath path, List<FieldError> errs)
    {
        var name = Node.S(subject, "name");
        var apiGroup = Node.S(subject, "apiGroup");
        if (name.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("name"), string.Empty));
        }

        switch (Node.S(subject, "kind"))
        {
            case "ServiceAccount":
                if (name.Length > 0)
                {
                    foreach (var msg in NameValidation.IsDns1123Subdomain(name))
                    {
                        errs.Add(FieldError.Invalid(path.Child("name"), name, msg));
                    }
                }

                if (apiGroup.Length > 0)
                {
                    errs.Add(FieldError.NotSupported(path.Child("apiGroup"), apiGroup, [string.Empty]));
                }

                if (!namespaced && Node.S(subject, "namespace").Length == 0)
                {
                    errs.Add(FieldError.Required(path.Child("namespace"), string.Empty));
                }

                break;
            case "User" or "Group":
                if (apiGroup != Group)
                {
                    errs.Add(FieldError.NotSupported(path.Child("apiGroup"), apiGroup, [Group]));
                }

                break;
            case var kind:
                errs.Add(FieldError.NotSupported(path.Child("kind"), kind, ["ServiceAccount", "User", "Group"]));
                break;
        }
    }
}
