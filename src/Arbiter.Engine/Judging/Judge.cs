using System.Diagnostics;
using Arbiter.Engine.Analysis.Diagnostics;
using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Scoring;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>
/// Judges a submission against a problem package: source checks, compilation (cached), the
/// package's validator or interactor, every test (in parallel up to the sandbox's capacity),
/// checking, and the format's aggregation into a verdict and a score, with the options given.
/// Hosts judge through <see cref="SubmissionJudge"/>, which gives it the package's time limit.
/// </summary>
public sealed class Judge(ISandbox sandbox, LanguageCatalog languages, ProgramBuilder builder)
{
    private readonly PackageProgramBuilder _packagePrograms = new(languages, builder);

    /// <summary>Judges one submission; <paramref name="extraFiles"/> are the other files of a
    /// multi-file submission (headers, modules). The submission is compiled here and only here;
    /// <paramref name="progress"/> hears each <see cref="JudgeStage"/> as it is reached.</summary>
    public async Task<JudgeResult> JudgeAsync(
        ProblemPackage problem,
        LanguageSpec language,
        ReadOnlyMemory<byte> source,
        JudgeOptions? options,
        CancellationToken cancellationToken,
        IReadOnlyList<SandboxFile>? extraFiles = null,
        IProgress<JudgeStage>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(language);
        options ??= JudgeOptions.Default;
        var total = Stopwatch.GetTimestamp();

        var includes = PackageIncludes.For(problem, language);
        if (includes.FirstOrDefault(f => f.Name == language.SourceFile) is { } clash)
        {
            // problemtools compiles every file as one program; Arbiter compiles the submission as
            // the language's one main file, which an include of that name would replace.
            return new JudgeResult
            {
                Verdict = Verdict.IE,
                Message = $"the package's include/{language.Id}/{clash.Name} would replace the submission itself ({language.SourceFile}); Arbiter cannot build that",
                Compile = new CompileOutcome(false, false, 0, null, "", DiagnosticList.Empty),
                Times = new StepTimes(0, 0, 0, Elapsed(total)),
            };
        }

        progress?.Report(JudgeStage.Compiling);
        var build = await builder.BuildAsync(
            language,
            source,
            CompilerFlags(problem, language),
            cancellationToken,
            PackageIncludes.Merge(extraFiles, includes)).ConfigureAwait(false);
        progress?.Report(build.Program is null ? JudgeStage.CompileFailed : JudgeStage.Testing);
        var compile = new CompileOutcome(
            build.Succeeded,
            build.CacheHit,
            Math.Round(build.Time.TotalMilliseconds, 3),
            build.Message,
            build.CompilerOutput,
            CompilerDiagnostics.Of(build, language));
        var timeLimit = options.TimeLimit ?? problem.Limits.TimeLimit ?? TestLimits.Fallback;
        var limitSource = options.TimeLimit is not null ? options.TimeLimitSource ?? "given"
            : problem.Limits.TimeLimit is not null ? problem.Limits.TimeLimitSource.ToString()
            : "fallback";
        var warnings = TestLimits.Adjustments(problem);
        JudgeResult Stop(Verdict verdict, string? message) => new()
        {
            Verdict = verdict,
            Message = message,
            Compile = compile,
            Times = new StepTimes(compile.TimeMs, 0, 0, Elapsed(total)),
            TimeLimit = timeLimit,
            TimeLimitSource = limitSource,
            Warnings = warnings,
        };

        if (build.Program is not { } program)
        {
            return Stop(build.InternalError ? Verdict.IE : Verdict.CE, build.Message);
        }

        var rules = await new SourceChecks(sandbox).CheckAsync(problem, language, source, extraFiles, program, cancellationToken).ConfigureAwait(false);
        if (!rules.Passed)
        {
            compile = compile with { Succeeded = false, Message = rules.Message, Violations = rules.Violations };
            return Stop(Verdict.CE, rules.Message);
        }

        CompiledProgram? validator = null;
        if (problem.Validation.Mode == ValidationMode.Custom || problem.Validation.Interactive)
        {
            if (problem.OutputValidators.Count == 0)
            {
                return Stop(Verdict.IE, "the problem asks for a custom validator but has none");
            }

            // As problemtools: the first program in the validator directory that is in a known language.
            var chosen = problem.OutputValidators.FirstOrDefault(v => SubmissionSource.From(v, languages).Language is not null) ?? problem.OutputValidators[0];
            var validatorBuild = await _packagePrograms.BuildAsync(chosen, [], cancellationToken).ConfigureAwait(false);
            if (validatorBuild.Program is null)
            {
                return Stop(Verdict.IE, $"the problem's output validator cannot be used: {validatorBuild.Problem}");
            }

            validator = validatorBuild.Program;
        }

        // Refused up front: the pair of sandboxes could never be reserved.
        if (problem.Validation.Interactive && sandbox.Capacity < 2)
        {
            return Stop(Verdict.IE, "interactive problems need at least 2 sandboxes at once (MaxParallel)");
        }

        var limits = TestLimits.For(problem, timeLimit);
        var checker = new OutputChecker(sandbox, problem, problem.Validation.Interactive ? null : validator, timeLimit);
        var interaction = problem.Validation.Interactive
            ? new Interaction(sandbox, program, validator!, limits, TestLimits.ForInteractor(problem, timeLimit, ProgramRunner.ForLanguage(limits, language).WallTime))
            : null;
        var checking = new CheckingClock();
        var passes = problem.Validation.MultiPass && !problem.Validation.Interactive ? problem.Limits.ValidationPasses : 1;
        var tests = new TestJudge(sandbox, program, checker, interaction, limits, checking, passes);
        var testsStarted = Stopwatch.GetTimestamp();
        var results = await RunTestsAsync(problem, tests, options, cancellationToken).ConfigureAwait(false);
        var testsMs = Elapsed(testsStarted);

        var score = ScoreAggregator.Aggregate(problem, results.ToDictionary(r => r.Result.Path, r => r.Outcome, StringComparer.Ordinal));
        var valgrind = problem.Arbiter.Valgrind && !problem.Validation.Interactive && MemoryCheckTest(problem, score) is { } memoryTest
            ? await new MemoryCheck(sandbox).RunAsync(program, memoryTest, TestLimits.For(problem, timeLimit), cancellationToken).ConfigureAwait(false)
            : null;
        return new JudgeResult
        {
            Verdict = score.Verdict,
            Score = score.Score,
            MaxScore = score.MaxScore,
            Message = score.Message ?? StoppedAtJudgeError(results, problem.TestData.AllTests().Count()),
            Compile = compile,
            Tests = results.Select(r => r.Result).ToList(),
            FailedTests = score.FailedTests,
            Groups = score.Groups,
            Valgrind = valgrind,
            Times = new StepTimes(compile.TimeMs, testsMs, Math.Round(checking.Milliseconds, 3), Elapsed(total)),
            TimeLimit = timeLimit,
            TimeLimitSource = limitSource,
            Warnings = warnings,
        };
    }

    /// <summary>Valgrind looks at the first failed test, where a memory bug is most likely; or at
    /// the first test when all passed (leaks hide in correct programs too).</summary>
    private static TestCase? MemoryCheckTest(ProblemPackage problem, SubmissionScore score) =>
        (score.FirstFailedTest is { } failed ? problem.FindTest(failed) : null) ?? problem.TestData.AllTests().FirstOrDefault();

    /// <summary>The files a submission is built with beside its main source: its own other files
    /// and the package's <c>include/</c> files for its language.</summary>
    public static IReadOnlyList<SandboxFile> SubmissionFiles(ProblemPackage problem, LanguageSpec language, IReadOnlyList<SandboxFile>? extraFiles) =>
        PackageIncludes.Merge(extraFiles, PackageIncludes.For(problem, language));

    /// <summary>The problem's extra flags for this language, and its warnings-as-errors switch.</summary>
    public static IReadOnlyList<string> CompilerFlags(ProblemPackage problem, LanguageSpec language)
    {
        var flags = problem.Arbiter.CompilerFlags.GetValueOrDefault(language.Id) ?? [];
        return problem.Arbiter.WarningsAsErrors ? [.. flags, .. language.Compile?.WarningsAsErrors ?? []] : flags;
    }

    /// <summary>Why judging stopped early, when a test was a judge error: its message, and how many
    /// tests were left unjudged.</summary>
    private static string? StoppedAtJudgeError(List<(TestResult Result, TestOutcome Outcome)> results, int tests)
    {
        if (results.FirstOrDefault(r => r.Outcome.Verdict == Verdict.IE).Result is not { } failed)
        {
            return null;
        }

        var unjudged = tests - results.Count;
        return $"judge error on test {failed.Path}: {failed.Message}" + (unjudged > 0 ? $"; judging stopped there ({unjudged} tests not judged)" : "");
    }

    /// <summary>
    /// Runs the tests in package order. In parallel up to the sandbox's capacity (an interactive
    /// test takes its two sandboxes in one step, so tests never hold half a pair and wait), unless
    /// the judgement may stop early (then one by one, skipping what can no longer matter). A judge error (IE) stops judging either way: the package or the judge
    /// is broken, and every further test would likely cost its validator's whole time limit to
    /// say so again. Tests stopped or never started have no result.
    /// </summary>
    private static async Task<List<(TestResult Result, TestOutcome Outcome)>> RunTestsAsync(
        ProblemPackage problem,
        TestJudge tests,
        JudgeOptions options,
        CancellationToken cancellationToken)
    {
        var groupFlags = GroupFlags(problem.TestData);
        var all = problem.TestData.AllTests().ToList();
        if (options.StopAtFirstFailure)
        {
            var results = new List<(TestResult, TestOutcome)>();
            var outcomes = new Dictionary<string, TestOutcome>(StringComparer.Ordinal);
            foreach (var test in all)
            {
                if (ScoreAggregator.ShouldSkip(problem.TestData, test.Path, outcomes))
                {
                    continue;
                }

                var result = await tests.JudgeAsync(test, groupFlags[test.Path], cancellationToken).ConfigureAwait(false);
                outcomes[test.Path] = result.Outcome;
                results.Add(result);
                if (result.Outcome.Verdict == Verdict.IE)
                {
                    break;
                }
            }

            return results;
        }

        // The sandbox pool queues runs beyond its capacity in order; starting them all keeps
        // every slot busy, and results come back in package order.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = all.Select(test => JudgeUntilJudgeErrorAsync(tests, test, groupFlags[test.Path], stop, cancellationToken)).ToList();
        var finished = await Task.WhenAll(running).ConfigureAwait(false);
        return [.. finished.OfType<(TestResult, TestOutcome)>()];
    }

    /// <summary>One test of a parallel run: a judge error stops the others (<paramref name="stop"/>);
    /// null when this one was stopped so.</summary>
    private static async Task<(TestResult, TestOutcome)?> JudgeUntilJudgeErrorAsync(
        TestJudge tests,
        TestCase test,
        IReadOnlyList<string> flags,
        CancellationTokenSource stop,
        CancellationToken caller)
    {
        try
        {
            var result = await tests.JudgeAsync(test, flags, stop.Token).ConfigureAwait(false);
            if (result.Outcome.Verdict == Verdict.IE)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }

            return result;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Each test's validator arguments: its own (a 2025-09 test <c>.yaml</c>), else its
    /// nearest group's settings.</summary>
    private static Dictionary<string, IReadOnlyList<string>> GroupFlags(TestGroup root)
    {
        var flags = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var group in root.AllGroups())
        {
            foreach (var test in group.Tests)
            {
                flags[test.Path] = test.OutputValidatorArgs ?? group.Settings.OutputValidatorArgs;
            }
        }

        return flags;
    }

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
}
