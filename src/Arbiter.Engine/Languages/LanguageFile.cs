namespace Arbiter.Engine.Languages;

/// <summary>The YAML shape of a languages/*.yaml file, before validation (see <see cref="LanguageSpec"/>).</summary>
internal sealed class LanguageFile
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public List<string>? Extensions { get; set; }

    public string? Source { get; set; }

    public CompileSection? Compile { get; set; }

    public List<string>? Run { get; set; }

    public List<string>? Prestart { get; set; }

    public List<string>? Version { get; set; }

    public Dictionary<string, string>? Environment { get; set; }

    public LimitsSection? Limits { get; set; }

    public List<PackageSection>? Packages { get; set; }

    public List<string>? Apt { get; set; }

    public List<string>? DotnetSdk { get; set; }

    public bool? Optional { get; set; }

    public SelfTestSection? SelfTest { get; set; }

    internal sealed class CompileSection
    {
        public List<string>? Command { get; set; }

        public List<string>? Artifacts { get; set; }

        public string? Diagnostics { get; set; }

        public List<string>? WarningsAsErrors { get; set; }

        public List<string>? CheckAndRun { get; set; }

        public string? FunctionChecks { get; set; }
    }

    internal sealed class LimitsSection
    {
        public double? TimeMultiplier { get; set; }

        public int? ExtraMemoryMiB { get; set; }

        public double? ExtraSeconds { get; set; }

        public int? Processes { get; set; }

        public double? CompileSeconds { get; set; }

        public int? CompileMemoryMiB { get; set; }
    }

    internal sealed class PackageSection
    {
        public string? Name { get; set; }

        public List<string>? Version { get; set; }
    }

    internal sealed class SelfTestSection
    {
        public string? Source { get; set; }

        public string? Stdin { get; set; }

        public string? Expected { get; set; }
    }
}
