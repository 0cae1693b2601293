using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Problems;

/// <summary>One YAML file of a package, with typed accessors that fail with the file and line.</summary>
internal sealed class YamlFile
{
    private YamlFile(string name, YamlMappingNode root)
    {
        Name = name;
        Root = root;
    }

    /// <summary>The file's path relative to the package, for messages.</summary>
    public string Name { get; }

    public YamlMappingNode Root { get; }

    /// <summary>Reads and parses a YAML file whose top level must be a mapping (an empty file is an empty mapping).</summary>
    public static YamlFile Load(string path, string name, int maxBytes, IReadOnlyDictionary<string, string>? constants = null)
    {
        var info = new FileInfo(path);
        if (info.Length > maxBytes)
        {
            throw ProblemPackageException.In(name, $"is {info.Length} bytes; YAML files are limited to {maxBytes}");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ProblemPackageException.In(name, "cannot be read: " + e.Message, e);
        }

        return Parse(constants is null ? text : PackageConstants.Substitute(text, constants), name);
    }

    /// <summary>Parses YAML text (the top level must be a mapping).</summary>
    public static YamlFile Parse(string text, string name)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw ProblemPackageException.In(name, $"line {e.Start.Line}: invalid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count == 0)
        {
            return new YamlFile(name, new YamlMappingNode());
        }

        if (stream.Documents.Count > 1)
        {
            throw ProblemPackageException.In(name, "holds more than one YAML document");
        }

        return stream.Documents[0].RootNode switch
        {
            YamlMappingNode map => new YamlFile(name, map),
            YamlScalarNode { Value: null or "" or "~" or "null" } => new YamlFile(name, new YamlMappingNode()),
            var other => throw ProblemPackageException.In(name, $"line {other.Start.Line}: the top level must be a mapping of keys to values"),
        };
    }

    public YamlFile With(YamlMappingNode root) => new(Name, root);

    public ProblemPackageException Error(YamlNode node, string problem) =>
        ProblemPackageException.In(Name, $"line {node.Start.Line}: {problem}");

    public static IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map)
    {
        foreach (var (key, value) in map.Children)
        {
            yield return (key is YamlScalarNode { Value: { } k } ? k : key.ToString(), value);
        }
    }

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public string Scalar(YamlNode node, string what) => node switch
    {
        YamlScalarNode { Value: { } value } => value,
        _ => throw Error(node, $"{what} must be a single value"),
    };

    public double Double(YamlNode node, string what, double min, double max, bool allowInfinity = false)
    {
        var text = Scalar(node, what).Trim();
        var value = text.ToLowerInvariant() switch
        {
            "inf" or "+inf" or ".inf" or "+.inf" when allowInfinity => double.PositiveInfinity,
            "-inf" or "-.inf" when allowInfinity => double.NegativeInfinity,
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                ? v
                : throw Error(node, $"{what} must be a number (got '{text}')"),
        };
        if (!(value >= min && value <= max) && !(allowInfinity && double.IsInfinity(value)))
        {
            throw Error(node, $"{what} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)} (got {text})");
        }

        return value;
    }

    public int Int(YamlNode node, string what, int min, int max)
    {
        var text = Scalar(node, what).Trim();
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(node, $"{what} must be a whole number (got '{text}')");
        }

        if (value < min || value > max)
        {
            throw Error(node, $"{what} must be between {min} and {max} (got {text})");
        }

        return (int)value;
    }

    public bool Bool(YamlNode node, string what) => Scalar(node, what).Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        var other => throw Error(node, $"{what} must be true or false (got '{other}')"),
    };

    /// <summary>A string split on whitespace, or a sequence of strings.</summary>
    public IReadOnlyList<string> Words(YamlNode node, string what) => node switch
    {
        _ when IsNull(node) => [],
        YamlScalarNode { Value: { } value } => value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
        YamlSequenceNode seq => seq.Children.Select(c => Scalar(c, what)).ToList(),
        _ => throw Error(node, $"{what} must be a string or a list of strings"),
    };

    public YamlMappingNode Mapping(YamlNode node, string what) => node switch
    {
        YamlMappingNode map => map,
        _ when IsNull(node) => new YamlMappingNode(),
        _ => throw Error(node, $"{what} must be a mapping of keys to values"),
    };
}
