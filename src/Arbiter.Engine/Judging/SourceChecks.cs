using System.Text;
using Arbiter.Engine.Analysis.Functions;
using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>
/// A problem's rules on what a submission may use: banned words in the source (outside comments
/// and strings; every file of a multi-file submission, see <see cref="SubmissionSources"/>), and banned or only-allowed functions read off the compiled program's symbols
/// with nm, in the sandbox (a static binary's defined symbols too), and the language's own
/// constructs that amount to a banned function (Go's os/exec). For languages without a native
/// binary the banned functions are searched for in the source instead. A broken rule is a
/// compile-stage verdict.
/// </summary>
internal sealed class SourceChecks(ISandbox sandbox)
{
    public async Task<FunctionCheckResult> CheckAsync(ProblemPackage problem, LanguageSpec language, ReadOnlyMemory<byte> source, IReadOnlyList<SandboxFile>? extraFiles, CompiledProgram program, CancellationToken cancellationToken)
    {
        var rules = problem.Arbiter;
        var sources = SubmissionSources.Of(language, source, extraFiles);
        var result = rules.KeywordBlacklist.Count == 0 ? FunctionCheckResult.Empty : FunctionChecker.CheckKeywords(rules.KeywordBlacklist, sources);
        var functions = new FunctionRules(rules.BannedFunctions, rules.AllowedFunctions.Count > 0 ? rules.AllowedFunctions : null);
        if (!functions.NeedsSymbols)
        {
            return result;
        }

        if (program.Files.FirstOrDefault(f => f.Executable) is not { } binary)
        {
            return result.Merge(FunctionChecker.CheckKeywords(rules.BannedFunctions, sources));
        }

        var nm = await NmAsync(binary, "--undefined-only", cancellationToken).ConfigureAwait(false);
        if (nm.Status != RunStatus.OK)
        {
            return result.Merge(new FunctionCheckResult([new FunctionViolation(FunctionViolationKind.BannedFunction, "?", null, 0, $"the program's symbols could not be read: {nm.Message}")], []));
        }

        // A static binary (Go) leaves nothing undefined: its defined symbols show what it links.
        var undefined = Encoding.UTF8.GetString(nm.Stdout);
        var defined = FunctionChecker.IsStaticBinary(undefined) && await NmAsync(binary, "--defined-only", cancellationToken).ConfigureAwait(false) is { Status: RunStatus.OK } all
            ? Encoding.UTF8.GetString(all.Stdout)
            : null;
        return result.Merge(FunctionChecker.Check(undefined, functions, sources, language.Id, defined));
    }

    private Task<SandboxResult> NmAsync(SandboxFile binary, string which, CancellationToken cancellationToken) =>
        sandbox.RunAsync(new SandboxRequest("/usr/bin/nm", ["-P", "-C", which, binary.Name])
        {
            Files = [binary],
            Limits = SandboxLimits.Default with { CpuTime = TimeSpan.FromSeconds(10), WallTime = TimeSpan.FromSeconds(20), MemoryBytes = 512L << 20 },
        }, cancellationToken);
}
