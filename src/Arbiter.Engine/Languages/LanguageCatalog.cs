using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Arbiter.Engine.Languages;

/// <summary>Every language in a languages/ directory, found by id or by file extension.</summary>
public sealed partial class LanguageCatalog
{
    private static readonly string[] DiagnosticFormats = ["gcc-json", "rustc-json", "text"];
    private readonly Dictionary<string, LanguageSpec> _byId;

    private LanguageCatalog(IReadOnlyList<LanguageSpec> languages)
    {
        Languages = languages;
        _byId = languages.ToDictionary(l => l.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<LanguageSpec> Languages { get; }

    /// <summary>The languages/ directory shipped next to the running program.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "languages");

    /// <summary>Reads every *.yaml file in <paramref name="directory"/>.</summary>
    /// <exception cref="LanguageSpecException">A file is malformed, or two claim one id or extension.</exception>
    public static LanguageCatalog Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new LanguageSpecException($"Language directory '{directory}' does not exist.");
        }

        var languages = Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal).Select(Read).ToList();
        foreach (var duplicate in languages.GroupBy(l => l.Id).Where(g => g.Count() > 1))
        {
            throw new LanguageSpecException($"Language id '{duplicate.Key}' is declared by {string.Join(" and ", duplicate.Select(l => l.SourcePath))}.");
        }

        foreach (var duplicate in languages.SelectMany(l => l.Extensions.Select(e => (Extension: e, l.Id))).GroupBy(x => x.Extension).Where(g => g.Count() > 1))
        {
            throw new LanguageSpecException($"Extension '{duplicate.Key}' is claimed by {string.Join(" and ", duplicate.Select(x => x.Id))}.");
        }

        return new LanguageCatalog(languages);
    }

    public LanguageSpec? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The language a file name's extension says, if exactly one claims it.</summary>
    public LanguageSpec? ForFile(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        return extension.Length == 0 ? null : Languages.FirstOrDefault(l => l.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase));
    }

    internal static LanguageSpec Parse(string yaml, string path)
    {
        LanguageFile? file;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
            file = deserializer.Deserialize<LanguageFile>(yaml);
        }
        catch (YamlException e)
        {
            throw new LanguageSpecException($"{path}: {e.Message} (line {e.Start.Line}, column {e.Start.Column})", e);
        }

        if (file is null)
        {
            throw new LanguageSpecException($"{path}: the file is empty.");
        }

        var problems = new List<string>();
        if (file.Id is null || !IdPattern().IsMatch(file.Id))
        {
            problems.Add("'id' must be lower-case letters, digits, '-' or '+', starting with a letter");
        }

        Require(problems, file.Name, "name");
        Require(problems, file.Source, "source");
        if (file.Source is not null && !IsPlainName(file.Source))
        {
            problems.Add("'source' must be a plain file name");
        }

        // An empty list is allowed: a second toolchain for a language (C with Clang) is chosen by
        // id, since the extension already belongs to the first.
        if (file.Extensions is null || file.Extensions.Any(e => !e.StartsWith('.') || e.Length < 2))
        {
            problems.Add("'extensions' must list extensions starting with '.' (or be [] for a language chosen only by id)");
        }

        RequireCommand(problems, file.Run, "run");
        if (file.Prestart is not null)
        {
            RequireCommand(problems, file.Prestart, "prestart");
        }
        RequireCommand(problems, file.Version, "version");
        if (file.Compile is not null)
        {
            RequireCommand(problems, file.Compile.Command, "compile.command");
            if (file.Compile.Artifacts is not { Count: > 0 })
            {
                problems.Add("'compile.artifacts' must list the files the run needs");
            }

            if (file.Compile.Diagnostics is not null && !DiagnosticFormats.Contains(file.Compile.Diagnostics))
            {
                problems.Add($"'compile.diagnostics' must be one of {string.Join(", ", DiagnosticFormats)}");
            }

            if (file.Compile.CheckAndRun is not null)
            {
                RequireCommand(problems, file.Compile.CheckAndRun, "compile.checkAndRun");
                if (file.Compile.Artifacts is not { Count: 1 } || file.Compile.Artifacts[0] != file.Source)
                {
                    problems.Add("'compile.checkAndRun' needs a compile step whose only artifact is the source file");
                }
            }

            if (file.Compile.FunctionChecks is not (null or "binary" or "source"))
            {
                problems.Add("'compile.functionChecks' must be binary or source");
            }
        }

        if (file.SelfTest?.Source is null || file.SelfTest.Expected is null)
        {
            problems.Add("'selfTest' needs 'source' and 'expected'");
        }

        var limits = file.Limits ?? new LanguageFile.LimitsSection();
        if (limits.TimeMultiplier is < 1 or > 20 || limits.ExtraSeconds is < 0 or > 30 || limits.ExtraMemoryMiB is < 0 or > 8192
            || limits.Processes is < 1 or > 4096 || limits.CompileSeconds is <= 0 or > 300 || limits.CompileMemoryMiB is < 16 or > 16384)
        {
            problems.Add("'limits' out of range (timeMultiplier 1-20, extraSeconds 0-30, extraMemoryMiB 0-8192, processes 1-4096, compileSeconds 0-300, " +
                "compileMemoryMiB 16-16384)");
        }

        if (file.Packages?.Any(p => string.IsNullOrEmpty(p.Name) || p.Version is not { Count: > 0 }) == true)
        {
            problems.Add("each of 'packages' needs 'name' and a 'version' command");
        }

        if (file.DotnetSdk?.Any(part => !IsPlainName(part)) == true)
        {
            problems.Add("'dotnetSdk' must list folder names of the SDK (Roslyn, FSharp)");
        }

        if (problems.Count > 0)
        {
            throw new LanguageSpecException($"{path}: {string.Join("; ", problems)}.");
        }

        var defaults = new LanguageLimits();
        return new LanguageSpec
        {
            Id = file.Id!,
            Name = file.Name!,
            Extensions = file.Extensions!,
            SourceFile = file.Source!,
            Compile = file.Compile is null ? null : new CompileStep(file.Compile.Command!, file.Compile.Artifacts!, file.Compile.Diagnostics ?? "text")
            {
                WarningsAsErrors = file.Compile.WarningsAsErrors ?? [],
                CheckAndRun = file.Compile.CheckAndRun,
                SymbolChecks = file.Compile.FunctionChecks != "source",
            },
            Run = file.Run!,
            Prestart = file.Prestart,
            Version = file.Version!,
            Environment = file.Environment ?? [],
            Limits = new LanguageLimits
            {
                TimeMultiplier = limits.TimeMultiplier ?? defaults.TimeMultiplier,
                ExtraSeconds = limits.ExtraSeconds ?? defaults.ExtraSeconds,
                ExtraMemoryMiB = limits.ExtraMemoryMiB ?? defaults.ExtraMemoryMiB,
                Processes = limits.Processes ?? defaults.Processes,
                CompileSeconds = limits.CompileSeconds ?? defaults.CompileSeconds,
                CompileMemoryMiB = limits.CompileMemoryMiB ?? defaults.CompileMemoryMiB,
            },
            Packages = (file.Packages ?? []).Select(p => new LanguagePackage(p.Name!, p.Version!)).ToList(),
            Apt = file.Apt ?? [],
            DotnetSdk = file.DotnetSdk ?? [],
            Optional = file.Optional ?? false,
            SelfTest = new SelfTest(file.SelfTest!.Source!, file.SelfTest.Stdin ?? "", file.SelfTest.Expected!),
            SourcePath = path,
        };
    }

    private static LanguageSpec Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>A name that stays inside the folder it is joined to: no '/', not hidden, not "..".</summary>
    private static bool IsPlainName(string? name) =>
        !string.IsNullOrEmpty(name) && !name.Contains('/', StringComparison.Ordinal) && !name.StartsWith('.');

    private static void Require(List<string> problems, string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"'{key}' is required");
        }
    }

    private static void RequireCommand(List<string> problems, List<string>? command, string key)
    {
        if (command is not { Count: > 0 } || string.IsNullOrEmpty(command[0]))
        {
            problems.Add($"'{key}' must be a non-empty command (a list of arguments)");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9+-]{0,31}$")]
    private static partial Regex IdPattern();
}
