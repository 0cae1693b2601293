using System.Diagnostics;
using System.Text;
using Arbiter.Engine;
using Arbiter.Engine.Building;
using Arbiter.Engine.Checking;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Bench;

/// <summary>
/// The engine against the same work done bare, in one run: each language's hello-world (its
/// self-test program) compiled cold and run from the build cache, against its compile and run
/// commands started directly on the host; and judging a 100-test problem, and a 1-test one,
/// against a bare loop that runs the binary and compares outputs in process.
/// </summary>
internal static class EngineBenchmark
{
    public static async Task<EngineBenchmarkReport> RunAsync(int runs, string? onlyLanguage, TextWriter? progress, CancellationToken cancellationToken)
    {
        await using var engine = BenchEngine.Create();
        var work = Directory.CreateTempSubdirectory("arbiter-bench-engine-");
        try
        {
            var languages = new List<LanguageFigures>();
            foreach (var language in engine.Languages.Languages.Where(l => onlyLanguage is null || l.Id == onlyLanguage))
            {
                progress?.WriteLine($"bench: {language.Id}");
                languages.Add(await MeasureLanguageAsync(engine, language, Math.Max(3, runs / 5), runs, work.FullName, cancellationToken));
            }

            progress?.WriteLine("bench: judging");
            var c = engine.Languages.Find("c") ?? throw new InvalidOperationException("the C language is needed for the judging benchmark");
            var judging = new List<JudgeFigures>
            {
                await MeasureJudgeAsync(engine, c, 1, runs, work.FullName, cancellationToken),
                await MeasureJudgeAsync(engine, c, 100, Math.Max(3, runs / 5), work.FullName, cancellationToken),
            };
            return new EngineBenchmarkReport(runs, Environment.ProcessorCount, languages, judging);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<LanguageFigures> MeasureLanguageAsync(
        BenchEngine engine,
        LanguageSpec language,
        int compileRuns,
        int runs,
        string work,
        CancellationToken cancellationToken)
    {
        var source = Encoding.UTF8.GetBytes(language.SelfTest.Source);
        var stdin = Encoding.UTF8.GetBytes(language.SelfTest.Stdin);
        var bareDirectory = Path.Combine(work, language.Id);
        Directory.CreateDirectory(bareDirectory);
        await File.WriteAllBytesAsync(Path.Combine(bareDirectory, language.SourceFile), source, cancellationToken);

        var coldCompile = new List<double>();
        var bareCompile = new List<double>();
        CompiledProgram? program = null;
        for (var i = 0; i < compileRuns; i++)
        {
            // A cache of its own for every build: each one compiles.
            var started = Stopwatch.GetTimestamp();
            var build = await new ProgramBuilder(engine.Pool, new BuildCache(null)).BuildAsync(language, source, [], cancellationToken);
            coldCompile.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            program = build.Program ?? throw new InvalidOperationException($"{language.Id} did not compile: {build.Message}");
            if (language.Compile is { } compile)
            {
                // A TMPDIR of its own, as every sandboxed compile gets an empty /tmp: a compile that
                // writes fixed names there (Groovy's classes/) can be repeated.
                var temporary = Directory.CreateDirectory(Path.Combine(work, $"{language.Id}-tmp-{i}")).FullName;
                bareCompile.Add(await BareAsync(CommandTemplate.Expand(compile.Command, language.SourceFile, [], 256), language, bareDirectory, [], cancellationToken, temporary));
                Directory.Delete(temporary, recursive: true);
            }
        }

        var cache = new ProgramBuilder(engine.Pool, new BuildCache(null));
        await cache.BuildAsync(language, source, [], cancellationToken);
        var cachedRun = new List<double>();
        var bareRun = new List<double>();
        var limits = SandboxLimits.Default with { CpuTime = TimeSpan.FromSeconds(10), WallTime = TimeSpan.FromSeconds(20) };
        var runCommand = CommandTemplate.Expand(language.Run, language.SourceFile, [], limits.MemoryBytes >> 20);
        for (var i = 0; i < runs + 3; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var build = await cache.BuildAsync(language, source, [], cancellationToken);
            var result = await engine.Runner.RunAsync(build.Program!, SandboxInput.FromBytes(stdin), limits, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (result.Status != RunStatus.OK)
            {
                throw new InvalidOperationException($"{language.Id} hello-world ended {result.Status}: {result.Message}");
            }

            var bare = await BareAsync(runCommand, language, bareDirectory, stdin, cancellationToken);
            if (i >= 3)
            {
                cachedRun.Add(elapsed);
                bareRun.Add(bare);
            }
        }

        return new LanguageFigures(
            language.Id,
            Stats.Median(bareCompile),
            Stats.Median(coldCompile),
            Stats.Median(bareRun),
            Stats.Median(cachedRun),
            Stats.Median(coldCompile) + Stats.Median(cachedRun),
            program is null ? 0 : program.Files.Sum(f => f.Content.Length));
    }

    /// <summary>Judging a generated a+b problem of <paramref name="tests"/> tests with a cached C
    /// solution, against running the same binary bare on each test and checking it with the same
    /// default validator.</summary>
    private static async Task<JudgeFigures> MeasureJudgeAsync(BenchEngine engine, LanguageSpec c, int tests, int runs, string work, CancellationToken cancellationToken)
    {
        var root = Path.Combine(work, $"sum{tests}");
        var random = new Random(tests);
        Directory.CreateDirectory(Path.Combine(root, "data", "secret"));
        await File.WriteAllTextAsync(Path.Combine(root, "problem.yaml"), "name: Benchmark sum\nlimits:\n  time_limit: 1\n", cancellationToken);
        for (var i = 0; i < tests; i++)
        {
            var (a, b) = (random.Next(-1000, 1000), random.Next(-1000, 1000));
            await File.WriteAllTextAsync(Path.Combine(root, "data", "secret", $"{i:D3}.in"), $"{a} {b}\n", cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(root, "data", "secret", $"{i:D3}.ans"), $"{a + b}\n", cancellationToken);
        }

        using var package = ProblemLoader.Load(root);
        var source = Encoding.UTF8.GetBytes(c.SelfTest.Source);
        var judge = new Judge(engine.Pool, engine.Languages, new ProgramBuilder(engine.Pool, new BuildCache(null)));
        var binary = (await new ProgramBuilder(engine.Pool, new BuildCache(null)).BuildAsync(c, source, [], cancellationToken)).Program!.Files[0];
        var binaryPath = Path.Combine(root, binary.Name);
        await File.WriteAllBytesAsync(binaryPath, binary.Content.ToArray(), cancellationToken);
        File.SetUnixFileMode(binaryPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var judged = new List<double>();
        var bare = new List<double>();
        for (var i = 0; i < runs + 2; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await judge.JudgeAsync(package, c, source, null, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (result.Verdict != Verdict.AC)
            {
                throw new InvalidOperationException($"the benchmark solution got {result.Verdict}");
            }

            started = Stopwatch.GetTimestamp();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = engine.Pool.Capacity, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(package.TestData.AllTests(), parallel, async (test, token) =>
            {
                var output = await BareOutputAsync(binaryPath, root, await File.ReadAllBytesAsync(test.InputFile, token), token);
                if (!DefaultOutputValidator.Check(test.AnswerFile, output).Accepted)
                {
                    throw new InvalidOperationException("the bare baseline got a wrong answer");
                }
            });
            var bareElapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i >= 2)
            {
                judged.Add(elapsed);
                bare.Add(bareElapsed);
            }
        }

        return new JudgeFigures(tests, Stats.Median(bare), Stats.Median(judged), Math.Round(Stats.Median(judged) - Stats.Median(bare), 3));
    }

    private static async Task<double> BareAsync(
        List<string> command,
        LanguageSpec language,
        string directory,
        byte[] stdin,
        CancellationToken cancellationToken,
        string? temporary = null)
    {
        // .NET resolves a relative program against its own directory, not WorkingDirectory.
        var program = command[0].StartsWith("./", StringComparison.Ordinal) ? Path.Combine(directory, command[0][2..]) : command[0];
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in language.Environment)
        {
            // Sandbox paths under /tmp become the benchmark's own directory on the host.
            info.Environment[name] = value.StartsWith("/tmp/", StringComparison.Ordinal) ? Path.Combine(directory, value[5..]) : value;
        }

        if (temporary is not null)
        {
            info.Environment["TMPDIR"] = temporary;
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        await process.StandardInput.BaseStream.WriteAsync(stdin, cancellationToken);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await Task.WhenAll(stdout, stderr, process.WaitForExitAsync(cancellationToken));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bare {string.Join(' ', command)} exited {process.ExitCode}: {await stderr}");
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<byte[]> BareOutputAsync(string binary, string directory, byte[] stdin, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(binary) { WorkingDirectory = directory, RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        await process.StandardInput.BaseStream.WriteAsync(stdin, cancellationToken);
        process.StandardInput.Close();
        using var output = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return output.ToArray();
    }

}

/// <summary>One language: compile and run, bare and through the engine (cold compile, cache-hit run).</summary>
internal sealed record LanguageFigures(
    string Language,
    double BareCompileMs,
    double SandboxCompileMs,
    double BareRunMs,
    double CachedRunMs,
    double ColdTotalMs,
    long ArtifactBytes);

/// <summary>Judging a problem of <see cref="Tests"/> tests, cache hit, against a bare run-and-compare loop.</summary>
internal sealed record JudgeFigures(int Tests, double BareMs, double JudgeMs, double OverheadMs);

/// <summary>What <c>arbiter bench engine</c> prints.</summary>
internal sealed record EngineBenchmarkReport(int Runs, int Cores, IReadOnlyList<LanguageFigures> Languages, IReadOnlyList<JudgeFigures> Judging)
{
    public string ToMarkdown()
    {
        var lines = new List<string>
        {
            $"{Runs} runs, {Cores} cores (medians)",
            "",
            "| language | compile bare ms | compile sandboxed ms | run bare ms | run sandboxed, cache hit ms | cold total ms |",
            "|---|---:|---:|---:|---:|---:|",
        };
        lines.AddRange(Languages.Select(l => $"| {l.Language} | {l.BareCompileMs:0.0} | {l.SandboxCompileMs:0.0} | {l.BareRunMs:0.0} | {l.CachedRunMs:0.0} | " +
            $"{l.ColdTotalMs:0.0} |"));
        lines.Add("");
        lines.Add("| judging (C, cache hit) | bare run + compare ms | judge ms | overhead ms |");
        lines.Add("|---|---:|---:|---:|");
        lines.AddRange(Judging.Select(j => $"| {j.Tests} test{(j.Tests == 1 ? "" : "s")} | {j.BareMs:0.0} | {j.JudgeMs:0.0} | {j.OverheadMs:0.0} |"));
        return string.Join('\n', lines);
    }
}
