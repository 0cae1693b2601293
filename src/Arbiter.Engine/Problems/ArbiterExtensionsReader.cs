using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Problems;

/// <summary>Reads Arbiter's teaching extensions (see <see cref="ArbiterExtensions"/>).</summary>
internal static class ArbiterExtensionsReader
{
    public static ArbiterExtensions Read(LoadContext context, YamlFile file, YamlMappingNode map)
    {
        var result = new ArbiterExtensions();
        foreach (var (key, value) in YamlFile.Entries(map))
        {
            result = key switch
            {
                "templates" => result with { Templates = PathMap(context, file, value, key) },
                "statement" => result with { Statement = ExistingFile(context, file, value, key) },
                "points" => result with { Points = Points(file, value) },
                "banned_functions" => result with { BannedFunctions = Names(file, value, key) },
                "allowed_functions" => result with { AllowedFunctions = Names(file, value, key) },
                "keyword_blacklist" => result with { KeywordBlacklist = Names(file, value, key) },
                "compiler_flags" => result with { CompilerFlags = Flags(file, value) },
                "valgrind" => result with { Valgrind = file.Bool(value, key) },
                "warnings_as_errors" => result with { WarningsAsErrors = file.Bool(value, key) },
                "reveal_secret_tests" => result with { RevealSecretTests = file.Bool(value, key) },
                _ => throw file.Error(value, $"unknown Arbiter key '{key}' (known: templates, statement, points, banned_functions, allowed_functions, keyword_blacklist, " +
                    $"compiler_flags, valgrind, warnings_as_errors, reveal_secret_tests)"),
            };
        }

        return result;
    }

    private static Dictionary<string, string> PathMap(LoadContext context, YamlFile file, YamlNode value, string what) =>
        YamlFile.Entries(file.Mapping(value, what)).ToDictionary(e => e.Key, e => ExistingFile(context, file, e.Value, $"{what}.{e.Key}"), StringComparer.Ordinal);

    private static string ExistingFile(LoadContext context, YamlFile file, YamlNode value, string what)
    {
        var relative = file.Scalar(value, what);
        if (Path.IsPathRooted(relative) || relative.Split('/', '\\').Contains(".."))
        {
            throw file.Error(value, $"{what} must be a path inside the package (got '{relative}')");
        }

        var full = Path.GetFullPath(Path.Combine(context.Root, relative));
        if (!File.Exists(full))
        {
            throw file.Error(value, $"{what} names '{relative}', which does not exist");
        }

        return full;
    }

    private static Dictionary<string, double> Points(YamlFile file, YamlNode value)
    {
        var points = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (group, node) in YamlFile.Entries(file.Mapping(value, "points")))
        {
            var path = group.Trim('/');
            if (path.StartsWith("data/", StringComparison.Ordinal))
            {
                path = path[5..];
            }

            if (path != "secret" && !path.StartsWith("secret/", StringComparison.Ordinal))
            {
                throw file.Error(node, $"points are for secret test groups (got '{group}'; write e.g. 'secret/group1')");
            }

            points[path] = file.Double(node, $"points of {group}", 0, 1e6);
        }

        return points;
    }

    private static List<string> Names(YamlFile file, YamlNode value, string what)
    {
        var names = file.Words(value, what).ToList();
        var bad = names.FirstOrDefault(n => n.Length == 0 || n.Length > 200);
        return bad is null ? names : throw file.Error(value, $"{what} holds an empty or overlong name");
    }

    private static Dictionary<string, IReadOnlyList<string>> Flags(YamlFile file, YamlNode value) =>
        YamlFile.Entries(file.Mapping(value, "compiler_flags"))
            .ToDictionary(e => e.Key, e => file.Words(e.Value, $"compiler_flags.{e.Key}"), StringComparer.Ordinal);
}
