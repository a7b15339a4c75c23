namespace Cluster.ApiGen;

/// <summary>
/// Builds the model set from the spec and hands each part to its emitter: one record per selected definition,
/// the serializer context's type list, and the built-in kind table.
/// </summary>
internal sealed class ModelGenerator(Spec spec)
{
    private static readonly string[] LeadingProperties = ["apiVersion", "kind", "metadata"];

    private readonly TypeMapper mapper = new(spec);

    public GenerationResult Generate(OutputDirectory output)
    {
        var models = spec.Definitions.Values
            .Where(mapper.IsModel)
            .OrderBy(d => d.FullName, StringComparer.Ordinal)
            .Select(BuildModel)
            .ToList();

        foreach (var model in models)
        {
            output.Add(Path.Combine([.. model.Namespace.Split('.'), model.Definition.Name + ".g.cs"]), RecordEmitter.Emit(model));
        }
        output.Add(Path.Combine("Serialization", "ApiJsonContext.Types.g.cs"), ContextEmitter.Emit(models));
        var registrations = KindTableEmitter.Registrations(models).ToList();
        output.Add(Path.Combine("Serialization", "KindRegistry.BuiltIn.g.cs"), KindTableEmitter.Emit(registrations));
        return new GenerationResult(models.Count, models.Count(m => m.PrimaryKind is not null), registrations.Count);
    }

    private Model BuildModel(Definition definition)
    {
        var type = mapper.ModelType(definition);
        var properties = definition.Properties
            .OrderBy(p => Array.IndexOf(LeadingProperties, p.JsonName) is var i && i >= 0 ? i : LeadingProperties.Length)
            .Select(p => new ModelProperty(
                p,
                Naming.PropertyName(p.JsonName, definition.Name),
                mapper.Map(p.Schema, $"{definition.FullName}.{p.JsonName}")))
            .ToList();
        var duplicate = properties.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"{definition.FullName}: two properties map to {duplicate.Key}");
        }
        var primary = definition.Kinds.Count switch
        {
            0 => null,
            1 => definition.Kinds[0],
            _ => definition.Kinds.FirstOrDefault(k => k.ApiVersion == "v1") ?? definition.Kinds[0],
        };
        var scope = primary is not null && spec.Resources.TryGetValue(primary, out var s) ? s : null;
        return new Model(definition, ApiSelection.Packages[definition.Package], type, properties, primary, scope);
    }
}
