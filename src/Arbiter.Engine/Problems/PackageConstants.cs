using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Problems;

/// <summary>
/// The 2025-09 <c>constants</c> of <c>problem.yaml</c>: each <c>{{name}}</c> of a defined name is
/// replaced by its value, as written, in the package's programs (validators, example
/// submissions), its <c>include/</c> files and its <c>test_group.yaml</c> files; never in test
/// data or <c>problem.yaml</c> itself. A <c>{{name}}</c> with no such constant stays as written.
/// Files that are not UTF-8 text are left alone.
/// </summary>
public static partial class PackageConstants
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary><paramref name="text"/> with its constant sequences replaced.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> constants)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(constants);
        return constants.Count == 0 || !text.Contains("{{", StringComparison.Ordinal)
            ? text
            : Sequence().Replace(text, m => constants.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);
    }

    /// <summary>A file's bytes with its constant sequences replaced, when it is UTF-8 text.</summary>
    public static byte[] Substitute(byte[] content, IReadOnlyDictionary<string, string> constants)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(constants);
        if (constants.Count == 0 || content.AsSpan().IndexOf("{{"u8) < 0)
        {
            return content;
        }

        try
        {
            return StrictUtf8.GetBytes(Substitute(StrictUtf8.GetString(content), constants));
        }
        catch (DecoderFallbackException)
        {
            return content; // a binary file: nothing in it is a constant sequence
        }
    }

    /// <summary>The <c>constants</c> map of <c>problem.yaml</c> (names as the format allows them,
    /// scalar values), or an empty one.</summary>
    internal static Dictionary<string, string> Read(YamlFile file)
    {
        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        if (YamlFile.Get(file.Root, "constants") is not { } node || YamlFile.IsNull(node))
        {
            return constants;
        }

        foreach (var (name, value) in YamlFile.Entries(file.Mapping(node, "constants")))
        {
            if (!Name().IsMatch(name))
            {
                throw file.Error(value, $"constant name '{name}' must match [a-zA-Z_][a-zA-Z0-9_]*");
            }

            constants[name] = value is YamlScalarNode { Value: { } scalar } ? scalar : throw file.Error(value, $"constants.{name} must be a number or a string");
        }

        return constants;
    }

    [GeneratedRegex(@"\{\{([a-zA-Z_][a-zA-Z0-9_]*)\}\}")]
    private static partial Regex Sequence();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex Name();
}
