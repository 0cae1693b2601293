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
/// binary, or whose runtime's symbols say nothing of the program (functionChecks: source), the
/// banned functions are searched for in the source instead. An allowed-only list is
/// checked on what the program leaves undefined, or for a static C program on what its own code
/// calls. A broken rule is a compile-stage verdict.
/// </summary>
internal sealed class SourceChecks(ISandbox sandbox)
{
    public async Task<FunctionCheckResult> CheckAsync(
        ProblemPackage problem,
        LanguageSpec language,
        ReadOnlyMemory<byte> source,
        IReadOnlyList<SandboxFile>? extraFiles,
        CompiledProgram program,
        CancellationToken cancellationToken)
    {
        var rules = problem.Arbiter;
        var sources = SubmissionSources.Of(language, source, extraFiles);
        var result = rules.KeywordBlacklist.Count == 0 ? FunctionCheckResult.Empty : FunctionChecker.CheckKeywords(rules.KeywordBlacklist, sources);
        var functions = new FunctionRules(rules.BannedFunctions, rules.AllowedFunctions.Count > 0 ? rules.AllowedFunctions : null);
        if (!functions.NeedsSymbols)
        {
            return result;
        }

        if (language.Compile?.SymbolChecks == false || program.Files.FirstOrDefault(f => f.Executable) is not { } binary)
        {
            return result.Merge(FunctionChecker.CheckKeywords(rules.BannedFunctions, sources));
        }

        var nm = await NmAsync(binary, "--undefined-only", cancellationToken).ConfigureAwait(false);
        if (nm.Status != RunStatus.OK)
        {
            return result.Merge(new FunctionCheckResult(
                [new FunctionViolation(FunctionViolationKind.BannedFunction, "?", null, 0, $"the program's symbols could not be read: {nm.Message}")],
                []));
        }

        // A static binary (Go) leaves nothing undefined: its defined symbols show what it links.
        var undefined = Encoding.UTF8.GetString(nm.Stdout);
        var isStatic = FunctionChecker.IsStaticBinary(undefined);
        var defined = isStatic && await NmAsync(binary, "--defined-only", cancellationToken).ConfigureAwait(false) is { Status: RunStatus.OK } all
            ? Encoding.UTF8.GetString(all.Stdout)
            : null;
        IReadOnlyList<IReadOnlyList<string>>? staticCalls = null;
        if (isStatic && functions.Allowed is not null && language.Id == StaticCallLanguage)
        {
            staticCalls = await StaticCallsAsync(binary, cancellationToken).ConfigureAwait(false);
            if (staticCalls is null)
            {
                return result.Merge(new FunctionCheckResult(
                    [new FunctionViolation(
                        FunctionViolationKind.FunctionNotAllowed,
                        "?",
                        null,
                        0,
                        "the static program's calls could not be read, so the allowed functions cannot be checked")],
                    []));
            }
        }

        return result.Merge(FunctionChecker.Check(undefined, functions, sources, language.Id, defined, staticCalls));
    }

    /// <summary>The only language whose static binaries have their calls read (see
    /// <see cref="StaticCallReader"/>): Go and Rust compile library code into the submission's
    /// own functions (inlining, generics), and C++ names do not survive objdump's brackets.</summary>
    private const string StaticCallLanguage = "c";

    private async Task<IReadOnlyList<IReadOnlyList<string>>?> StaticCallsAsync(SandboxFile binary, CancellationToken cancellationToken)
    {
        var nm = await ToolAsync(binary, "/usr/bin/nm", ["-l", "--defined-only", binary.Name], cancellationToken).ConfigureAwait(false);
        var objdump = await ToolAsync(binary, "/usr/bin/objdump", ["-d", "--no-show-raw-insn", binary.Name], cancellationToken).ConfigureAwait(false);
        var readelf = await ToolAsync(binary, "/usr/bin/readelf", ["-rW", binary.Name], cancellationToken).ConfigureAwait(false);
        if (nm.Status != RunStatus.OK || objdump.Status != RunStatus.OK || readelf.Status != RunStatus.OK)
        {
            return null;
        }

        return StaticCallReader.Read(Encoding.UTF8.GetString(nm.Stdout), Encoding.UTF8.GetString(objdump.Stdout), Encoding.UTF8.GetString(readelf.Stdout));
    }

    private Task<SandboxResult> NmAsync(SandboxFile binary, string which, CancellationToken cancellationToken) =>
        ToolAsync(binary, "/usr/bin/nm", ["-P", "-C", which, binary.Name], cancellationToken);

    /// <summary>Runs a binutils tool on the binary; a static binary's disassembly runs to megabytes.</summary>
    private Task<SandboxResult> ToolAsync(SandboxFile binary, string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        sandbox.RunAsync(new SandboxRequest(tool, arguments)
        {
            Files = [binary],
            Limits = SandboxLimits.Create(cpuTime: TimeSpan.FromSeconds(10), memoryBytes: 512L << 20, outputBytes: 128L << 20),
        }, cancellationToken);
}
