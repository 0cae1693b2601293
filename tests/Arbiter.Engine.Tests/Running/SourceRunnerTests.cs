using System.Text;
using Arbiter.Engine.Analysis.Diagnostics;
using Arbiter.Engine.Building;
using Arbiter.Engine.Running;
using Arbiter.Engine.Tests.Building;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Running;

/// <summary>The use case "run this source with these limits" in a real sandbox with the real
/// compilers: one result that says how the run ended (OK, RE, TLE, CE, IE), whether the judge
/// failed, and the report the service stores and <c>arbiter run --json</c> prints; and the stages
/// a caller hears on the way.</summary>
[Collection(SharedEngine.Name)]
public sealed class SourceRunnerTests(EngineFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_CThatReadsItsInput_IsOkWithItsOutputBothStagesAndTheDefaultLimits()
    {
        var sandbox = new CountingSandbox(fixture.Pool);
        var c = fixture.Language("c");
        var source = Source("#include <stdio.h>\nint main(void) { char s[64]; if (!fgets(s, sizeof s, stdin)) return 2; printf(\"got %s\", s); return 0; }\n");
        var stages = new StageLog<RunStage>();

        var run = await Runner(sandbox).RunAsync(new SourceRunRequest(c, source) { Stdin = SandboxInput.FromBytes("arbiter\n"u8.ToArray()) }, stages, Token);

        Assert.Equal(RunVerdict.OK, run.Verdict);
        Assert.False(run.InternalFailure);
        Assert.Equal([RunStage.Compiling, RunStage.Running], stages.Seen);
        Assert.Equal("c", run.Report.Language);
        Assert.True(run.Report.Compile.Succeeded, run.Report.Compile.Output);
        Assert.Equal(RunStatus.OK, run.Report.Run?.Status);
        Assert.Equal("got arbiter\n", run.Report.Run?.Stdout);
        Assert.Equal("got arbiter\n"u8.ToArray(), run.Run!.Stdout);
        // No limits given: the defaults, with the language's allowance, as every caller gets them.
        Assert.Equal(ProgramRunner.ForLanguage(SandboxLimits.Default, c), sandbox.Requests[^1].Limits);
    }

    [Fact]
    public async Task Run_CWithFilesFlagsAndArguments_TheCompilerAndTheProgramSeeThemAll()
    {
        var source = Source("#include <stdio.h>\n#include \"greeting.h\"\n" +
            "int main(int argc, char **argv) { printf(\"%s %s %d\\n\", GREETING, argc > 1 ? argv[1] : \"-\", TIMES); return 0; }\n");
        var request = new SourceRunRequest(fixture.Language("c"), source)
        {
            Files = [new SandboxFile("greeting.h", "#define GREETING \"hello\"\n"u8.ToArray())],
            CompilerFlags = ["-DTIMES=3"],
            Arguments = ["world"],
        };

        var run = await Runner().RunAsync(request, null, Token);

        Assert.Equal(RunVerdict.OK, run.Verdict);
        Assert.Equal("hello world 3\n", run.Report.Run?.Stdout);
    }

    [Fact]
    public async Task Run_CCompileError_IsCeWithItsDiagnosticsAndNothingRuns()
    {
        var stages = new StageLog<RunStage>();

        var run = await Runner().RunAsync(new SourceRunRequest(fixture.Language("c"), Source("int main(void) {\n  return missing;\n}\n")), stages, Token);

        Assert.Equal(RunVerdict.CE, run.Verdict);
        Assert.False(run.InternalFailure);
        Assert.Null(run.Run);
        Assert.Null(run.Report.Run);
        Assert.False(run.Report.Compile.Succeeded);
        var error = Assert.Single(run.Report.Compile.Diagnostics.Items, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("main.c", 2), (error.File, error.Line));
        Assert.Equal([RunStage.Compiling], stages.Seen);
    }

    [Fact]
    public async Task Run_PythonSyntaxError_IsCeNotAnInternalFailure()
    {
        var run = await Runner().RunAsync(new SourceRunRequest(fixture.Language("python3"), Source("x = 1\ndef f(:\n    pass\n")), null, Token);

        Assert.Equal(RunVerdict.CE, run.Verdict);
        Assert.False(run.InternalFailure);
        Assert.Null(run.Report.Run);
        Assert.Contains("SyntaxError", run.Report.Compile.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PythonRaising_IsReWithTheTracebackOnStderr()
    {
        var stages = new StageLog<RunStage>();

        var run = await Runner().RunAsync(new SourceRunRequest(fixture.Language("python3"), Source("print('before')\nraise ValueError('boom')\n")), stages, Token);

        Assert.Equal(RunVerdict.RE, run.Verdict);
        Assert.False(run.InternalFailure);
        Assert.Equal(1, run.Report.Run?.ExitCode);
        Assert.Equal("before\n", run.Report.Run?.Stdout);
        Assert.Contains("ValueError: boom", run.Report.Run!.Stderr, StringComparison.Ordinal);
        Assert.True(run.Report.Compile.Succeeded);
        Assert.Equal([RunStage.Compiling, RunStage.Running], stages.Seen);
    }

    [Theory]
    [InlineData("c", "int main(void) { volatile unsigned long n = 0; for (;;) n++; }\n")]
    [InlineData("python3", "n = 0\nwhile True:\n    n += 1\n")]
    public async Task Run_SpinningPastTheGivenCpuLimit_IsTle(string language, string program)
    {
        var sandbox = new CountingSandbox(fixture.Pool);
        var spec = fixture.Language(language);
        var limits = SandboxLimits.Create(cpuTime: TimeSpan.FromMilliseconds(300));

        var run = await Runner(sandbox).RunAsync(new SourceRunRequest(spec, Source(program)) { Limits = limits }, null, Token);

        Assert.Equal(RunVerdict.TLE, run.Verdict);
        Assert.False(run.InternalFailure);
        Assert.Equal(RunStatus.TLE, run.Report.Run?.Status);
        Assert.Equal(ProgramRunner.ForLanguage(limits, spec).CpuTime, sandbox.Requests[^1].Limits.CpuTime);
    }

    [Fact]
    public async Task Run_CompilerMissing_IsAnInternalFailureNotACompileError()
    {
        var c = fixture.Language("c");
        var broken = c with { Compile = c.Compile! with { Command = ["/usr/bin/arbiter-no-such-compiler", "main.c"] } };

        var run = await Runner().RunAsync(new SourceRunRequest(broken, Source("int main(void) { return 0; }\n")), null, Token);

        Assert.Equal(RunVerdict.IE, run.Verdict);
        Assert.True(run.InternalFailure);
        Assert.Null(run.Report.Run);
        Assert.StartsWith("the C toolchain is not installed here", run.Report.Compile.Message, StringComparison.Ordinal);
    }

    /// <summary>A runner over its own memory-only build cache: each test sees its own builds.</summary>
    private SourceRunner Runner(ISandbox? sandbox = null) => new(new ProgramBuilder(sandbox ?? fixture.Pool, new BuildCache(null)));

    private static byte[] Source(string text) => Encoding.UTF8.GetBytes(text);
}
