using System.Text;
using Arbiter.Engine.Analysis.Diagnostics;
using Arbiter.Engine.Building;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Building;

/// <summary>A new Python source run once takes one interpreter start (check, then run, in one
/// process), with the same verdicts, output and build cache as a build followed by a run.</summary>
[Collection(SharedEngine.Name)]
public sealed class BuildAndRunTests(EngineFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BuildAndRun_NewPythonSource_StartsOnceThenHitsTheCache()
    {
        var sandbox = new CountingSandbox(fixture.Pool);
        var builder = new ProgramBuilder(sandbox, new BuildCache(null));
        var source = Unique("import sys\nprint(input()[::-1], __name__, __file__, sys.argv, sys.path[0])\n");
        var stdin = SandboxInput.FromBytes("arbiter\n"u8.ToArray());
        var reported = 0;

        var (first, firstRun) = await builder.BuildAndRunAsync(
            fixture.Language("python3"),
            source,
            [],
            stdin,
            SandboxLimits.Default,
            ["x"],
            Token,
            running: _ => { reported++; return Task.CompletedTask; });
        var startsForFirst = sandbox.Requests.Count;
        var (second, secondRun) = await builder.BuildAndRunAsync(
            fixture.Language("python3"),
            source,
            [],
            stdin,
            SandboxLimits.Default,
            ["x"],
            Token,
            running: _ => { reported++; return Task.CompletedTask; });

        Assert.True(first.Succeeded && !first.CacheHit, first.CompilerOutput);
        Assert.Equal(1, startsForFirst);
        Assert.True(second.CacheHit);
        Assert.Equal(2, sandbox.Requests.Count);
        Assert.Equal(2, reported);
        // The program sees what `python3 main.py x` shows it, and stderr carries nothing of the check.
        foreach (var run in new[] { firstRun!, secondRun! })
        {
            Assert.Equal(RunStatus.OK, run.Status);
            Assert.Equal("retibra __main__ /box/main.py ['main.py', 'x'] /box\n", Encoding.UTF8.GetString(run.Stdout));
            Assert.Empty(run.Stderr);
            Assert.Equal(0, run.StderrBytes);
        }
    }

    [Fact]
    public async Task BuildAndRun_PythonSyntaxError_IsACachedCompileErrorWithItsLine()
    {
        var sandbox = new CountingSandbox(fixture.Pool);
        var builder = new ProgramBuilder(sandbox, new BuildCache(null));
        var python = fixture.Language("python3");
        var source = Unique("x = 1\ndef f(:\n    pass\n");
        var reported = false;

        var (build, run) = await builder.BuildAndRunAsync(
            python,
            source,
            [],
            SandboxInput.None,
            SandboxLimits.Default,
            null,
            Token,
            running: _ => { reported = true; return Task.CompletedTask; });
        var (again, _) = await builder.BuildAndRunAsync(python, source, [], SandboxInput.None, SandboxLimits.Default, null, Token);
        // The separate compile step says the same, in the same words.
        var separate = await new ProgramBuilder(fixture.Pool, new BuildCache(null)).BuildAsync(python, source, [], Token);

        Assert.Null(run);
        Assert.True(reported); // the check is part of the one start: the program was about to run
        Assert.False(build.Succeeded || build.InternalError);
        Assert.Equal("compilation failed", build.Message);
        Assert.Equal(separate.CompilerOutput, build.CompilerOutput);
        Assert.Contains(CompilerDiagnostics.Of(build, python).Items, d => d.Line == 2 && d.Severity == DiagnosticSeverity.Error);
        Assert.True(again.CacheHit && !again.Succeeded);
        Assert.Single(sandbox.Requests);
    }

    [Fact]
    public async Task BuildAndRun_ProgramWritingLikeACompileError_StaysARuntimeError()
    {
        // A program that fakes the check's failure (its words, exit 1) or its marker is still the
        // program's run: only output before the marker is the check's.
        var source = Unique("import sys\nsys.stderr.write('  File \"main.py\", line 1\\nSyntaxError: invalid syntax\\n' + chr(0) + 'arbiter: compiled\\n')\nsys.exit(1)\n");

        var (build, run) = await new ProgramBuilder(fixture.Pool, new BuildCache(null)).BuildAndRunAsync(
            fixture.Language("python3"),
            source,
            [],
            SandboxInput.None,
            SandboxLimits.Default,
            null,
            Token);

        Assert.True(build.Succeeded, build.CompilerOutput);
        Assert.Equal(RunStatus.RE, run!.Status);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("  File \"main.py\", line 1\nSyntaxError", Encoding.UTF8.GetString(run.Stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAndRun_PythonRuntimeError_TracebackShowsOnlyTheProgram()
    {
        var source = Unique("def f():\n    raise ValueError('boom')\nf()\n");

        var (_, run) = await new ProgramBuilder(fixture.Pool, new BuildCache(null)).BuildAndRunAsync(
            fixture.Language("python3"),
            source,
            [],
            SandboxInput.None,
            SandboxLimits.Default,
            null,
            Token);

        Assert.Equal(RunStatus.RE, run!.Status);
        Assert.Equal(1, run.ExitCode);
        var stderr = Encoding.UTF8.GetString(run.Stderr);
        Assert.Equal(
            "Traceback (most recent call last):\n  File \"/box/main.py\", line 3, in <module>\n    f()\n  File \"/box/main.py\", line 2, in f\n    raise ValueError('boom')\n" +
                "ValueError: boom\n",
            stderr);
    }

    [Fact]
    public async Task BuildAndRun_CheckCutShortByTheRunsLimits_FallsBackToTheSeparateBuild()
    {
        // A CPU limit too small for the interpreter to even start: the one-start attempt ends
        // without a verdict on the source, which then builds with the compile step's own limits.
        var sandbox = new CountingSandbox(fixture.Pool);
        var source = Unique("print('ok')\n");
        var tiny = SandboxLimits.Default with { CpuTime = TimeSpan.FromMilliseconds(1) };

        var (build, run) = await new ProgramBuilder(sandbox, new BuildCache(null)).BuildAndRunAsync(fixture.Language("python3"), source, [], SandboxInput.None, tiny, null, Token);

        Assert.True(build.Succeeded, build.CompilerOutput);
        Assert.NotEqual(RunStatus.OK, run!.Status);
        Assert.Equal(3, sandbox.Requests.Count); // the one-start attempt, py_compile, the run
    }

    [Fact]
    public async Task BuildAndRun_CompiledLanguage_BuildsThenRuns()
    {
        var sandbox = new CountingSandbox(fixture.Pool);
        var source = Unique("#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n", "//");

        var (build, run) = await new ProgramBuilder(sandbox, new BuildCache(null)).BuildAndRunAsync(
            fixture.Language("c"),
            source,
            [],
            SandboxInput.None,
            SandboxLimits.Default,
            null,
            Token);

        Assert.True(build.Succeeded, build.CompilerOutput);
        Assert.Equal("hi\n", Encoding.UTF8.GetString(run!.Stdout));
        Assert.Equal(2, sandbox.Requests.Count);
    }

    /// <summary>A source no earlier test (or run) has built: a fresh comment at its end.</summary>
    private static byte[] Unique(string source, string comment = "#") => Encoding.UTF8.GetBytes($"{source}{comment} {Guid.NewGuid():N}\n");
}
