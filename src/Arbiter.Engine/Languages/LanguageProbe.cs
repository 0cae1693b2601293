using System.Text;
using Arbiter.Engine.Building;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Languages;

/// <summary>
/// Checks a language on this host, in the sandbox: asks the toolchain its version, each package
/// its version, then compiles and runs the self-test. A missing toolchain makes the language
/// unavailable with a reason; it is never an exception.
/// </summary>
public sealed class LanguageProbe(ISandbox sandbox, ProgramBuilder builder)
{
    private static readonly SandboxLimits ProbeLimits = SandboxLimits.Create(cpuTime: TimeSpan.FromSeconds(10), memoryBytes: 1L << 30, processes: 256);

    /// <summary>Where the host's installed Debian packages are read from.</summary>
    public DebianPackages Packages { get; init; } = DebianPackages.Host;

    public async Task<LanguageStatus> ProbeAsync(LanguageSpec language, CancellationToken cancellationToken)
    {
        var missing = Packages.Missing(language.Apt);
        var status = await ProbeToolchainAsync(language, cancellationToken).ConfigureAwait(false);
        if (missing.Count == 0)
        {
            return status;
        }

        // The likeliest reason for any failure: say which packages, and how to get them.
        var install = $"missing Debian package{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} (scripts/setup.sh --languages {language.Id})";
        return status with { MissingPackages = missing, Problem = status.Available ? null : $"{install}; {status.Problem}" };
    }

    private async Task<LanguageStatus> ProbeToolchainAsync(LanguageSpec language, CancellationToken cancellationToken)
    {
        var (version, versionProblem) = await AskAsync(language, language.Version, cancellationToken).ConfigureAwait(false);
        var packages = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var package in language.Packages)
        {
            packages[package.Name] = (await AskAsync(language, package.Version, cancellationToken).ConfigureAwait(false)).Answer;
        }

        if (version is null)
        {
            return new LanguageStatus(language.Id, language.Name, false, null, packages, false, versionProblem, 0, 0);
        }

        // Built and run the way a playground run is (one start where the language checks and
        // runs in one), so the self-test proves that path too.
        var stdin = SandboxInput.FromBytes(Encoding.UTF8.GetBytes(language.SelfTest.Stdin));
        var (build, selfTest) = await builder.BuildAndRunAsync(
            language,
            Encoding.UTF8.GetBytes(language.SelfTest.Source),
            [],
            stdin,
            SandboxLimits.Default,
            null,
            cancellationToken).ConfigureAwait(false);
        if (selfTest is not { } run)
        {
            var problem = $"self-test did not compile: {build.Message}. {FirstLines(build.CompilerOutput)}".TrimEnd();
            return new LanguageStatus(language.Id, language.Name, false, version, packages, false, problem, build.Time.TotalMilliseconds, 0);
        }

        var output = Encoding.UTF8.GetString(run.Stdout);
        var passed = run.Status == RunStatus.OK && output == language.SelfTest.Expected;
        var why = passed ? null
            : run.Status != RunStatus.OK ? $"self-test ended {run.Status}: {run.Message} {FirstLines(Encoding.UTF8.GetString(run.Stderr))}".TrimEnd()
            : $"self-test printed {Quote(output)}, expected {Quote(language.SelfTest.Expected)}";
        return new LanguageStatus(language.Id, language.Name, passed, version, packages, passed, why, build.Time.TotalMilliseconds, run.WallTime.TotalMilliseconds);
    }

    /// <summary>Runs a probe command; the answer is the first non-empty output line.</summary>
    private async Task<(string? Answer, string? Problem)> AskAsync(LanguageSpec language, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var run = await sandbox.RunAsync(new SandboxRequest(command[0], command.Skip(1).ToList())
        {
            Environment = language.Environment,
            Limits = ProbeLimits,
        }, cancellationToken).ConfigureAwait(false);
        var line = (Encoding.UTF8.GetString(run.Stdout) + "\n" + Encoding.UTF8.GetString(run.Stderr))
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (run.Status == RunStatus.OK && line is not null)
        {
            return (line.Length > 200 ? line[..200] : line, null);
        }

        return (null, run.Message?.StartsWith("cannot execute", StringComparison.Ordinal) == true
            ? $"toolchain not installed ({run.Message})"
            : $"version probe ended {run.Status}: {run.Message}");
    }

    private static string FirstLines(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3));

    private static string Quote(string text) => "\"" + text.Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
