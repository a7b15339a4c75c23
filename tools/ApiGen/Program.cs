using Cluster.ApiGen;

// Usage: ApiGen <swagger.json> <output directory>
// Writes one C# file per model plus the serializer context and kind table, and deletes stale files.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ApiGen <swagger.json> <output directory>");
    return 2;
}

var spec = SpecReader.Read(args[0]);
var output = new OutputDirectory(args[1]);
var result = new ModelGenerator(spec).Generate(output);
var (written, deleted) = output.Commit();
Console.WriteLine($"ApiGen: {result.Models} models, {result.Kinds} kinds, {result.Registrations} registrations; {written} files changed, {deleted} removed");
return 0;
