namespace Arbiter.Engine.Problems;

/// <summary>
/// Arbiter's teaching extensions. Read from an <c>arbiter.yaml</c> file in the package root (preferred:
/// it keeps <c>problem.yaml</c> valid for other tools, which reject unknown keys) or from an
/// <c>arbiter:</c> key in <c>problem.yaml</c>; a package with both is malformed. Paths are relative
/// to the package root and resolved to absolute paths here.
/// </summary>
public sealed record ArbiterExtensions
{
    /// <summary>No extensions.</summary>
    public static ArbiterExtensions None { get; } = new();

    /// <summary>Template program per language id (<c>c</c>, <c>python3</c>): absolute path.</summary>
    public IReadOnlyDictionary<string, string> Templates { get; init; } = new Dictionary<string, string>();

    /// <summary>Markdown statement (absolute path), overriding the format's statement files.</summary>
    public string? Statement { get; init; }

    /// <summary>Points per test group, keyed by path relative to <c>data/</c> (<c>secret/group1</c>).</summary>
    public IReadOnlyDictionary<string, double> Points { get; init; } = new Dictionary<string, double>();

    /// <summary>Functions a compiled submission must not reference (<c>system</c>, <c>fork</c>).</summary>
    public IReadOnlyList<string> BannedFunctions { get; init; } = [];

    /// <summary>When not empty, the only external functions a compiled submission may reference.</summary>
    public IReadOnlyList<string> AllowedFunctions { get; init; } = [];

    /// <summary>Words that must not appear in the source text.</summary>
    public IReadOnlyList<string> KeywordBlacklist { get; init; } = [];

    /// <summary>Extra compiler flags per language id, already split into arguments.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> CompilerFlags { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Run C/C++ submissions under valgrind memcheck.</summary>
    public bool Valgrind { get; init; }

    /// <summary>Treat compiler warnings as errors.</summary>
    public bool WarningsAsErrors { get; init; }

    /// <summary>Show students the expected output, diff, checker message and stderr of secret
    /// tests too. Off by default: a student who sees hidden answers can print them.</summary>
    public bool RevealSecretTests { get; init; }
}
