using System.Globalization;

namespace Arbiter.Engine.Problems;

/// <summary>
/// Loads a problem package in the Kattis/ICPC format (legacy, 2023-07 or 2025-09) from a folder or a zip.
/// Malformed or hostile packages throw one <see cref="ProblemPackageException"/> naming the file;
/// the loader never reads test data into memory.
/// </summary>
public static class ProblemLoader
{
    private const int MaxTimelimitFileBytes = 1024;
    private static readonly string[] ValidatorDirectoryNames = ["output_validators", "output_validator"];
    private static readonly string[] InputValidatorDirectoryNames = ["input_validators", "input_format_validators"];
    private static readonly string[] StatementDirectoryNames = ["statement", "problem_statement"];

    /// <summary>
    /// Loads the package at <paramref name="folderOrZip"/>. A zip (or <c>.kpp</c>) is extracted into a
    /// private temp directory that the returned package deletes when disposed; it may hold the package
    /// files at its top level or inside one directory.
    /// </summary>
    /// <exception cref="ProblemPackageException">The package is missing, malformed or hostile.</exception>
    public static ProblemPackage Load(string folderOrZip, ProblemLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folderOrZip);
        options ??= ProblemLoadOptions.Default;
        var full = Path.GetFullPath(folderOrZip);
        if (Directory.Exists(full))
        {
            return LoadDirectory(full, Path.GetFileName(Path.TrimEndingDirectorySeparator(full)), null, options);
        }

        if (!File.Exists(full))
        {
            throw new ProblemPackageException($"{folderOrZip}: no such folder or zip file");
        }

        var temp = ZipExtractor.Extract(full, options);
        try
        {
            var (root, id) = FindZipRoot(temp, Path.GetFileNameWithoutExtension(full));
            return LoadDirectory(root, id, temp, options);
        }
        catch
        {
            Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    private static (string Root, string Id) FindZipRoot(string temp, string zipName)
    {
        if (File.Exists(Path.Combine(temp, "problem.yaml")) || Directory.Exists(Path.Combine(temp, "data")))
        {
            return (temp, zipName);
        }

        var entries = Directory.GetFileSystemEntries(temp);
        return entries.Length == 1 && Directory.Exists(entries[0])
            ? (entries[0], Path.GetFileName(entries[0]))
            : throw ProblemPackageException.In(zipName + ".zip", "holds neither problem.yaml nor data/ at its top level or in a single top directory");
    }

    private static ProblemPackage LoadDirectory(string root, string id, string? owned, ProblemLoadOptions options)
    {
        var context = new LoadContext(root, options);
        CheckLinks(context);

        var yamlPath = Path.Combine(root, "problem.yaml");
        YamlFile yaml;
        if (File.Exists(yamlPath))
        {
            yaml = YamlFile.Load(yamlPath, "problem.yaml", options.MaxYamlBytes);
        }
        else
        {
            // DOMjudge-style packages may leave problem.yaml out; read them as legacy with defaults.
            context.Warnings.Add("problem.yaml is missing; legacy defaults are used");
            yaml = YamlFile.Parse("", "problem.yaml");
        }

        context.Format = ProblemYamlReader.Format(yaml);
        context.Constants = PackageConstants.Read(yaml);
        ProblemYamlReader.WarnUnknownKeys(context, yaml);
        var (type, interactive, multiPass) = ProblemYamlReader.Type(yaml);
        var (legacyCustom, legacyInteractive, validatorScores) = ProblemYamlReader.Validation(yaml);
        interactive |= legacyInteractive;

        var validatorDirectories = ValidatorDirectoryNames.Select(d => Path.Combine(root, d)).Where(Directory.Exists).ToList();
        var custom = legacyCustom ?? (validatorDirectories.Count > 0 || interactive || multiPass);
        if ((interactive || multiPass) && !custom)
        {
            throw ProblemPackageException.In("problem.yaml", "interactive and multi-pass problems need validation: custom");
        }

        context.DefaultValidation = !custom;
        var flags = ProblemYamlReader.ValidatorFlags(yaml, context.DefaultValidation, out var defaultOptions);
        context.ValidatorFlags = flags;
        var validators = ReadValidators(context, validatorDirectories, custom);

        UnsupportedFeatures.Warn(context, multiPass, interactive);
        var arbiter = ReadArbiter(context, yaml);
        context.Points = arbiter.Points;
        context.IsScored = type == ProblemType.Scoring || arbiter.Points.Count > 0;

        var limits = ProblemYamlReader.Limits(context, yaml, context.Format, ReadTimelimitFile(context));
        var data = TestDataReader.Read(context);
        foreach (var group in arbiter.Points.Keys.Where(g => data.FindGroup(g) is null))
        {
            throw ProblemPackageException.In(ArbiterSource(root), $"points name test group '{group}', which does not exist under data/");
        }

        return new ProblemPackage(owned)
        {
            Id = id,
            Name = ProblemYamlReader.Name(yaml) ?? id,
            RootDirectory = root,
            Format = context.Format,
            Type = type,
            Limits = limits,
            Validation = new ValidationSettings(custom ? ValidationMode.Custom : ValidationMode.Default, interactive, multiPass,
                validatorScores || (custom && type == ProblemType.Scoring), flags, defaultOptions),
            TestData = data,
            OutputValidators = validators,
            InputValidators = [.. InputValidatorDirectoryNames.Select(d => Path.Combine(root, d)).Where(Directory.Exists).SelectMany(d => ProgramReader.ReadAll(context, d))],
            Submissions = ReadSubmissions(context),
            Statements = ReadStatements(root),
            IncludeDirectories = ReadIncludes(root),
            Constants = context.Constants,
            Arbiter = arbiter,
            Warnings = context.Warnings,
        };
    }

    private static List<ProgramSource> ReadValidators(LoadContext context, List<string> directories, bool custom)
    {
        if (!custom)
        {
            if (directories.Count > 0)
            {
                context.Warnings.Add("output validators are present but validation is 'default'; they are not used");
            }

            return [];
        }

        var validators = new List<ProgramSource>();
        foreach (var directory in directories)
        {
            // 2023-07 output_validator/ is itself the one program (or holds it); legacy
            // output_validators/ holds programs. The judge uses the first one it can build.
            validators.AddRange(Path.GetFileName(directory) == "output_validator"
                ? ProgramReader.ReadOneOrAll(context, directory)
                : ProgramReader.ReadAll(context, directory));
        }

        return validators.Count > 0
            ? validators
            : throw ProblemPackageException.In("output_validators/", "is missing or empty, but the problem needs a custom output validator");
    }

    private static ArbiterExtensions ReadArbiter(LoadContext context, YamlFile yaml)
    {
        var inline = YamlFile.Get(yaml.Root, "arbiter");
        var sidePath = Path.Combine(context.Root, "arbiter.yaml");
        if (inline is not null && File.Exists(sidePath))
        {
            throw ProblemPackageException.In("arbiter.yaml", "and an 'arbiter:' key in problem.yaml both exist; keep one");
        }

        if (inline is not null)
        {
            return ArbiterExtensionsReader.Read(context, yaml, yaml.Mapping(inline, "arbiter"));
        }

        if (!File.Exists(sidePath))
        {
            return ArbiterExtensions.None;
        }

        var side = YamlFile.Load(sidePath, "arbiter.yaml", context.Options.MaxYamlBytes);
        return ArbiterExtensionsReader.Read(context, side, side.Root);
    }

    private static string ArbiterSource(string root) => File.Exists(Path.Combine(root, "arbiter.yaml")) ? "arbiter.yaml" : "problem.yaml";

    private static TimeSpan? ReadTimelimitFile(LoadContext context)
    {
        var path = Path.Combine(context.Root, ".timelimit");
        if (!File.Exists(path))
        {
            return null;
        }

        if (new FileInfo(path).Length > MaxTimelimitFileBytes)
        {
            throw ProblemPackageException.In(".timelimit", "is too large; it must hold one number of seconds");
        }

        var text = File.ReadAllText(path).Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 600
            ? TimeSpan.FromSeconds(seconds)
            : throw ProblemPackageException.In(".timelimit", $"must hold a number of seconds between 0 and 600 (got '{text}')");
    }

    private static List<ExampleSubmission> ReadSubmissions(LoadContext context)
    {
        var directory = Path.Combine(context.Root, "submissions");
        var result = new List<ExampleSubmission>();
        if (!Directory.Exists(directory))
        {
            return result;
        }

        foreach (var folder in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (!SubmissionFolders.IsKnown(name))
            {
                context.Warnings.Add($"submissions/{name}: unknown folder ignored (known: {string.Join(", ", SubmissionFolders.Names)})");
                continue;
            }

            result.AddRange(ProgramReader.ReadAll(context, folder).Select(p => SubmissionFolders.Describe(p, name)));
        }

        return result;
    }

    private static List<ProblemStatement> ReadStatements(string root)
    {
        var result = new List<ProblemStatement>();
        foreach (var directory in StatementDirectoryNames.Select(d => Path.Combine(root, d)).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "problem.*").Order(StringComparer.Ordinal))
            {
                var parts = Path.GetFileName(file).Split('.');
                var format = parts[^1].ToLowerInvariant();
                if (format is "md" or "tex" or "pdf" && parts.Length is 2 or 3)
                {
                    result.Add(new ProblemStatement(file, parts.Length == 3 ? parts[1] : "en", format));
                }
            }
        }

        return result;
    }

    private static Dictionary<string, string> ReadIncludes(string root)
    {
        var include = Path.Combine(root, "include");
        return Directory.Exists(include)
            ? Directory.EnumerateDirectories(include).ToDictionary(d => Path.GetFileName(d), d => d, StringComparer.Ordinal)
            : [];
    }

    /// <summary>Symlinks are allowed (the format permits them) only when they stay inside the package.</summary>
    private static void CheckLinks(LoadContext context)
    {
        var root = context.Root + Path.DirectorySeparatorChar;
        var pending = new Stack<string>([context.Root]);
        var seen = 0;
        while (pending.Count > 0)
        {
            foreach (var entry in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos())
            {
                if (++seen > context.Options.MaxArchiveEntries * 5)
                {
                    throw ProblemPackageException.In(".", "holds too many files");
                }

                if (entry.LinkTarget is not null)
                {
                    var target = entry.ResolveLinkTarget(returnFinalTarget: true);
                    if (target is null || !target.Exists || !Path.GetFullPath(target.FullName).StartsWith(root, StringComparison.Ordinal))
                    {
                        throw ProblemPackageException.In(context.Relative(entry.FullName), "is a link to outside the package (or to nothing)");
                    }
                }
                else if (entry is DirectoryInfo directory)
                {
                    pending.Push(directory.FullName);
                }
            }
        }
    }
}
