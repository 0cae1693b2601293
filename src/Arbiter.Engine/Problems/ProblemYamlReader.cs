using System.Text.RegularExpressions;
using Arbiter.Engine.Checking;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Problems;

/// <summary>Reads the parts of <c>problem.yaml</c> the judge needs: format, name, type, limits, validation.</summary>
internal static partial class ProblemYamlReader
{
    private const double MaxTimeLimitSeconds = 600;

    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "problem_format_version", "type", "name", "uuid", "version", "author", "credits", "source", "source_url",
        "license", "rights_owner", "embargo_until", "limits", "validation", "validator_flags", "grading", "keywords",
        "languages", "allow_file_writing", "constants", "arbiter",
    };

    public static ProblemFormat Format(YamlFile file)
    {
        if (YamlFile.Get(file.Root, "problem_format_version") is not { } node)
        {
            return ProblemFormat.Legacy;
        }

        var version = file.Scalar(node, "problem_format_version");
        return version switch
        {
            "legacy" or "legacy-icpc" => ProblemFormat.Legacy,
            "draft" => ProblemFormat.Draft2023,
            _ when VersionPattern().IsMatch(version) => ProblemFormat.Draft2023,
            _ => throw file.Error(node, $"unknown problem_format_version '{version}' (known: legacy, 2023-07-draft, 2023-07, 2025-09, draft)"),
        };
    }

    public static void WarnUnknownKeys(LoadContext context, YamlFile file)
    {
        foreach (var (key, _) in YamlFile.Entries(file.Root).Where(e => !KnownKeys.Contains(e.Key)))
        {
            context.Warnings.Add($"{file.Name}: unknown key '{key}' ignored");
        }
    }

    public static string? Name(YamlFile file) => YamlFile.Get(file.Root, "name") switch
    {
        null => null,
        YamlMappingNode map => YamlFile.Get(map, "en") is YamlScalarNode { Value: { } en } ? en
            : map.Children.Values.OfType<YamlScalarNode>().Select(s => s.Value).FirstOrDefault(),
        var node => file.Scalar(node, "name"),
    };

    /// <summary>The problem type and the interactive / multi-pass flags from <c>type</c>.</summary>
    public static (ProblemType Type, bool Interactive, bool MultiPass) Type(YamlFile file)
    {
        if (YamlFile.Get(file.Root, "type") is not { } node)
        {
            return (ProblemType.PassFail, false, false);
        }

        var words = file.Words(node, "type");
        var type = ProblemType.PassFail;
        bool interactive = false, multiPass = false, seenPassFail = false, seenScoring = false;
        foreach (var word in words)
        {
            switch (word)
            {
                case "pass-fail":
                    seenPassFail = true;
                    break;
                case "scoring":
                    seenScoring = true;
                    type = ProblemType.Scoring;
                    break;
                case "interactive":
                    interactive = true;
                    break;
                case "multi-pass":
                    multiPass = true;
                    break;
                case "submit-answer":
                    throw file.Error(node, "submit-answer problems are not supported");
                default:
                    throw file.Error(node, $"unknown problem type '{word}' (known: pass-fail, scoring, interactive, multi-pass)");
            }
        }

        return seenPassFail && seenScoring ? throw file.Error(node, "type cannot be both pass-fail and scoring") : (type, interactive, multiPass);
    }

    /// <summary>Legacy <c>validation</c>: "default" or "custom" followed by "score" and/or "interactive".</summary>
    public static (bool? Custom, bool Interactive, bool Score) Validation(YamlFile file)
    {
        if (YamlFile.Get(file.Root, "validation") is not { } node)
        {
            return (null, false, false);
        }

        var words = file.Words(node, "validation");
        if (words.Count == 0 || words[0] is not ("default" or "custom"))
        {
            throw file.Error(node, "validation must begin with 'default' or 'custom'");
        }

        var rest = words.Skip(1).ToList();
        if (words[0] == "default" && rest.Count > 0)
        {
            throw file.Error(node, "validation 'default' takes no options; use 'custom interactive' or 'custom score'");
        }

        var unknown = rest.FirstOrDefault(w => w is not ("score" or "interactive" or "multi-pass"));
        return unknown is not null
            ? throw file.Error(node, $"unknown validation option '{unknown}' (known: score, interactive)")
            : (words[0] == "custom", rest.Contains("interactive"), rest.Contains("score"));
    }

    public static IReadOnlyList<string> ValidatorFlags(YamlFile file, bool defaultValidation, out DefaultValidatorOptions? options)
    {
        options = null;
        var flags = YamlFile.Get(file.Root, "validator_flags") is { } node ? file.Words(node, "validator_flags") : [];
        if (defaultValidation)
        {
            if (!DefaultValidatorOptions.TryParse(flags, out var parsed, out var error))
            {
                throw ProblemPackageException.In(file.Name, error);
            }

            options = parsed;
        }

        return flags;
    }

    public static ProblemLimits Limits(LoadContext context, YamlFile file, ProblemFormat format, TimeSpan? timelimitFile)
    {
        var map = YamlFile.Get(file.Root, "limits") is { } node ? file.Mapping(node, "limits") : new YamlMappingNode();
        TimeSpan? timeLimit = null;
        double? multiplier = null, margin = null, acToLimit = null, limitToTle = null, resolution = null;
        int? memory = null, output = null, code = null, passes = null;
        TimeSpan? compilation = null, validation = null;
        foreach (var (key, value) in YamlFile.Entries(map))
        {
            switch (key)
            {
                case "time_limit":
                    timeLimit = TimeSpan.FromSeconds(file.Double(value, "limits.time_limit", 0.001, MaxTimeLimitSeconds));
                    break;
                case "time_multiplier":
                    multiplier = file.Double(value, "limits.time_multiplier", 1, 100);
                    break;
                case "time_safety_margin":
                    margin = file.Double(value, "limits.time_safety_margin", 1, 100);
                    break;
                case "time_resolution":
                    resolution = file.Double(value, "limits.time_resolution", 0.001, 60);
                    break;
                case "time_multipliers":
                    foreach (var (inner, innerValue) in YamlFile.Entries(file.Mapping(value, "limits.time_multipliers")))
                    {
                        _ = inner switch
                        {
                            "ac_to_time_limit" => acToLimit = file.Double(innerValue, "time_multipliers.ac_to_time_limit", 1, 100),
                            "time_limit_to_tle" => limitToTle = file.Double(innerValue, "time_multipliers.time_limit_to_tle", 1, 100),
                            _ => throw file.Error(innerValue, $"unknown key time_multipliers.{inner} (known: ac_to_time_limit, time_limit_to_tle)"),
                        };
                    }

                    break;
                case "memory":
                    memory = file.Int(value, "limits.memory (MiB)", 1, 16384);
                    break;
                case "output":
                    output = file.Int(value, "limits.output (MiB)", 1, 1024);
                    break;
                case "code":
                    code = file.Int(value, "limits.code (KiB)", 1, 65536);
                    break;
                case "compilation_time":
                    compilation = TimeSpan.FromSeconds(file.Int(value, "limits.compilation_time", 1, 600));
                    break;
                case "validation_time":
                    validation = TimeSpan.FromSeconds(file.Int(value, "limits.validation_time", 1, 600));
                    break;
                case "validation_passes":
                    passes = file.Int(value, "limits.validation_passes", 2, 1000);
                    break;
                case "compilation_memory" or "validation_memory":
                    file.Int(value, "limits." + key, 1, 16384);
                    break;
                case "validation_output":
                    file.Int(value, "limits." + key, 1, 1024);
                    break;
                default:
                    context.Warnings.Add($"{file.Name}: unknown key limits.{key} ignored");
                    break;
            }
        }

        var calibration = format == ProblemFormat.Legacy
            ? new TimeCalibration(acToLimit ?? multiplier ?? 5, limitToTle ?? margin ?? 2, TimeSpan.FromSeconds(resolution ?? 1))
            : new TimeCalibration(acToLimit ?? multiplier ?? 2, limitToTle ?? margin ?? 1.5, TimeSpan.FromSeconds(resolution ?? 1));
        if (timeLimit is not null && timelimitFile is not null)
        {
            context.Warnings.Add("both limits.time_limit and .timelimit give a time limit; problem.yaml wins");
        }

        var source = timeLimit is not null ? TimeLimitSource.ProblemYaml
            : timelimitFile is not null ? TimeLimitSource.TimelimitFile
            : TimeLimitSource.Calibration;
        return new ProblemLimits(timeLimit ?? timelimitFile, source, calibration, memory, output, code, compilation, validation, passes ?? 2);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}(-draft)?$")]
    private static partial Regex VersionPattern();
}
