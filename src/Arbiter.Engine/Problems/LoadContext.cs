namespace Arbiter.Engine.Problems;

/// <summary>What the loader's parts share while reading one package.</summary>
internal sealed class LoadContext(string root, ProblemLoadOptions options)
{
    public string Root { get; } = root;

    public ProblemLoadOptions Options { get; } = options;

    public ProblemFormat Format { get; set; }

    /// <summary>Scoring problem, or Arbiter points present.</summary>
    public bool IsScored { get; set; }

    public bool DefaultValidation { get; set; }

    public IReadOnlyList<string> ValidatorFlags { get; set; } = [];

    public IReadOnlyDictionary<string, double> Points { get; set; } = new Dictionary<string, double>();

    public List<string> Warnings { get; } = [];

    /// <summary>The 2025-09 <c>constants</c> (<see cref="PackageConstants"/>).</summary>
    public IReadOnlyDictionary<string, string> Constants { get; set; } = new Dictionary<string, string>();

    public int TestCount { get; set; }

    /// <summary>Path relative to the package root, with forward slashes, for messages.</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
