using Arbiter.Engine.Checking;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Problems;

/// <summary>Reads <c>testdata.yaml</c> / <c>test_group.yaml</c> and works out a group's effective settings.</summary>
internal static class GroupSettingsReader
{
    /// <summary>The settings file of a group directory, or null; both names present is an error.</summary>
    public static YamlFile? Find(LoadContext context, string directory)
    {
        var legacy = Path.Combine(directory, "testdata.yaml");
        var modern = Path.Combine(directory, "test_group.yaml");
        var hasLegacy = File.Exists(legacy);
        var hasModern = File.Exists(modern);
        if (hasLegacy && hasModern)
        {
            throw ProblemPackageException.In(context.Relative(directory), "has both testdata.yaml and test_group.yaml; keep one");
        }

        return hasLegacy || hasModern
            ? YamlFile.Load(hasLegacy ? legacy : modern, context.Relative(hasLegacy ? legacy : modern), context.Options.MaxYamlBytes, context.Constants)
            : null;
    }

    public static TestGroupSettings Resolve(LoadContext context, TestGroupSettings? parent, YamlFile? file, string groupPath)
    {
        var isSample = groupPath == "sample" || groupPath.StartsWith("sample/", StringComparison.Ordinal);
        TestGroupSettings settings;
        if (context.Format == ProblemFormat.Legacy)
        {
            // Legacy: a group without a file uses its closest ancestor's file whole.
            settings = file is null && parent is not null
                ? parent with { Points = null, MaxScore = null, OnRejectExplicit = parent.OnRejectExplicit, RequirePass = [] }
                : new TestGroupSettings { OutputValidatorArgs = context.ValidatorFlags, FullFeedback = isSample };
        }
        else
        {
            // 2023-07 and 2025-09: validator and submission arguments and feedback are inherited
            // key by key; scoring never is.
            settings = new TestGroupSettings
            {
                OutputValidatorArgs = parent?.OutputValidatorArgs ?? context.ValidatorFlags,
                InputValidatorArgs = parent?.InputValidatorArgs ?? [],
                InputValidatorArgsByName = parent?.InputValidatorArgsByName,
                Args = parent?.Args ?? [],
                FullFeedback = parent is null || groupPath.Length == 0 ? isSample : (isSample || parent.FullFeedback),
                Aggregation = groupPath == "secret" || groupPath.Length == 0 ? Aggregation.Sum : Aggregation.PassFail,
            };
        }

        if (file is not null)
        {
            settings = Apply(context, settings, file);
        }

        if (context.Points.TryGetValue(groupPath, out var points))
        {
            settings = settings with
            {
                Points = points,
                MaxScore = points,
                Aggregation = settings.AggregationExplicit ? settings.Aggregation : Aggregation.PassFail,
            };
        }

        if (!settings.OnRejectExplicit)
        {
            var keepsGoing = context.IsScored && (groupPath.Length == 0 || settings.Aggregation is Aggregation.Sum or Aggregation.Max or Aggregation.Average);
            settings = settings with { OnReject = keepsGoing ? OnReject.Continue : OnReject.Break };
        }

        if (context.DefaultValidation && !DefaultValidatorOptions.TryParse(settings.OutputValidatorArgs, out _, out var error))
        {
            throw ProblemPackageException.In(settings.SourceFile ?? "problem.yaml", error);
        }

        return settings;
    }

    private static TestGroupSettings Apply(LoadContext context, TestGroupSettings settings, YamlFile file)
    {
        settings = settings with { SourceFile = file.Name };
        foreach (var (key, value) in YamlFile.Entries(file.Root))
        {
            switch (key)
            {
                case "on_reject":
                    settings = settings with
                    {
                        OnReject = file.Scalar(value, key) switch
                        {
                            "break" => OnReject.Break,
                            "continue" => OnReject.Continue,
                            var other => throw file.Error(value, $"on_reject must be 'break' or 'continue' (got '{other}')"),
                        },
                        OnRejectExplicit = true,
                    };
                    break;
                case "grading" when value is YamlMappingNode map:
                    settings = ApplyScoring(file, settings, map); // an early 2023-07 draft spelled `scoring` as `grading`
                    break;
                case "grading":
                    var grading = file.Scalar(value, key);
                    if (grading == "custom")
                    {
                        settings = settings with { CustomGrading = true };
                        context.Warnings.Add($"{file.Name}: custom graders are not supported; the default grader is used");
                    }
                    else if (grading != "default")
                    {
                        throw file.Error(value, $"grading must be 'default' or 'custom' (got '{grading}')");
                    }

                    break;
                case "grader_flags":
                    settings = ApplyGraderFlags(file, settings, value);
                    break;
                case "accept_score":
                    settings = settings with { AcceptScore = file.Double(value, key, -1e9, 1e9) };
                    break;
                case "reject_score":
                    settings = settings with { RejectScore = file.Double(value, key, -1e9, 1e9) };
                    break;
                case "range":
                    var bounds = file.Words(value, key);
                    if (bounds.Count != 2)
                    {
                        throw file.Error(value, "range must be two numbers, 'min max'");
                    }

                    var min = file.Double(new YamlScalarNode(bounds[0]), "range minimum", double.MinValue, double.MaxValue, allowInfinity: true);
                    var max = file.Double(new YamlScalarNode(bounds[1]), "range maximum", double.MinValue, double.MaxValue, allowInfinity: true);
                    settings = settings with { Range = new ScoreRange(min, max) };
                    break;
                case "scoring":
                    settings = ApplyScoring(file, settings, file.Mapping(value, key));
                    break;
                case "output_validator_flags" or "output_validator_args":
                    settings = settings with { OutputValidatorArgs = [.. context.ValidatorFlags, .. ValidatorArgs(file, value, key)] };
                    break;
                case "input_validator_flags":
                    settings = settings with { InputValidatorArgs = ValidatorArgs(file, value, key), InputValidatorArgsByName = null };
                    break;
                case "input_validator_args":
                    var (all, byName) = InputValidatorArgs(file, value, key);
                    settings = settings with { InputValidatorArgs = all, InputValidatorArgsByName = byName };
                    break;
                case "full_feedback":
                    settings = settings with { FullFeedback = file.Bool(value, key) };
                    break;
                case "hint" or "description" or "input_visualizer_args" or "output_visualizer_args":
                    break;
                case "args":
                    // 2025-09: the submission's command-line arguments for the group's tests.
                    settings = settings with { Args = file.Words(value, key) };
                    break;
                case "max_score" or "score_aggregation" or "require_pass":
                    // 2025-09 moved 2023-07's scoring.{score, aggregation, require_pass} to the top.
                    settings = ApplyScoring(file, settings, new YamlMappingNode(new YamlScalarNode(key == "score_aggregation" ? "aggregation" : key), value));
                    break;
                case "static_validation" or "static_validation_score" or "static_validator_args":
                    if (!YamlFile.IsNull(value) && !(value is YamlScalarNode { Value: "false" }))
                    {
                        context.Warnings.Add($"{file.Name}: '{key}' is not supported (Arbiter has no static validation) and is ignored");
                    }

                    break;
                default:
                    context.Warnings.Add($"{file.Name}: unknown key '{key}' ignored");
                    break;
            }
        }

        return settings;
    }

    /// <summary>2023-07 <c>input_validator_args</c>: arguments for every input validator; 2025-09
    /// also allows a map from a validator's name to its own arguments (the others get none).</summary>
    internal static (IReadOnlyList<string> All, IReadOnlyDictionary<string, IReadOnlyList<string>>? ByName) InputValidatorArgs(YamlFile file, YamlNode value, string key)
    {
        if (value is not YamlMappingNode map || YamlFile.Get(map, "flags") is not null)
        {
            return (ValidatorArgs(file, value, key), null);
        }

        var byName = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, arguments) in YamlFile.Entries(map))
        {
            byName[name] = file.Words(arguments, $"{key}.{name}");
        }

        return ([], byName);
    }

    private static IReadOnlyList<string> ValidatorArgs(YamlFile file, YamlNode value, string key) => value switch
    {
        // Legacy allows {name, flags}; only the flags matter to a single validator.
        YamlMappingNode map => YamlFile.Get(map, "flags") is { } flags ? file.Words(flags, key) : [],
        _ => file.Words(value, key),
    };

    private static TestGroupSettings ApplyScoring(YamlFile file, TestGroupSettings settings, YamlMappingNode map)
    {
        foreach (var (key, value) in YamlFile.Entries(map))
        {
            switch (key)
            {
                case "score" or "max_score":
                    settings = settings with
                    {
                        MaxScore = file.Scalar(value, key) == "unbounded"
                            ? double.PositiveInfinity
                            : file.Double(value, key, 0, 1e9),
                    };
                    break;
                case "aggregation":
                    settings = settings with
                    {
                        Aggregation = file.Scalar(value, key) switch
                        {
                            "pass-fail" => Aggregation.PassFail,
                            "sum" => Aggregation.Sum,
                            "min" => Aggregation.Min,
                            var other => throw file.Error(value, $"aggregation must be pass-fail, sum or min (got '{other}')"),
                        },
                        AggregationExplicit = true,
                    };
                    break;
                case "require_pass":
                    settings = settings with { RequirePass = file.Words(value, key) };
                    break;
                case "verdict":
                    settings = file.Scalar(value, key) switch
                    {
                        "first_error" => settings with { VerdictMode = VerdictMode.FirstError },
                        "accept_if_any_accepted" => settings with { AcceptIfAnyAccepted = true },
                        var other => throw file.Error(value, $"verdict must be first_error or accept_if_any_accepted (got '{other}')"),
                    };
                    break;
                default:
                    throw file.Error(value, $"unknown scoring key '{key}' (known: score, max_score, aggregation, require_pass)");
            }
        }

        return settings;
    }

    private static TestGroupSettings ApplyGraderFlags(YamlFile file, TestGroupSettings settings, YamlNode value)
    {
        foreach (var flag in file.Words(value, "grader_flags"))
        {
            settings = flag switch
            {
                "worst_error" => settings with { VerdictMode = VerdictMode.WorstError },
                "first_error" => settings with { VerdictMode = VerdictMode.FirstError },
                "always_accept" => settings with { VerdictMode = VerdictMode.AlwaysAccept },
                "sum" => settings with { Aggregation = Aggregation.Sum, AggregationExplicit = true },
                "avg" => settings with { Aggregation = Aggregation.Average, AggregationExplicit = true },
                "min" => settings with { Aggregation = Aggregation.Min, AggregationExplicit = true },
                "max" => settings with { Aggregation = Aggregation.Max, AggregationExplicit = true },
                "ignore_sample" => settings with { IgnoreSample = true },
                "accept_if_any_accepted" => settings with { AcceptIfAnyAccepted = true },
                _ => throw file.Error(value, $"unknown grader flag '{flag}' (known: worst_error, first_error, always_accept, sum, avg, min, max, ignore_sample, " +
                    $"accept_if_any_accepted)"),
            };
        }

        return settings;
    }
}
