using System.Text;
using Arbiter.Engine.Analysis.Diagnostics;
using Arbiter.Engine.Building;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Building;

/// <summary>A Python run handed to an interpreter started ahead of it (languages/python3.yaml,
/// <c>prestart</c>) is indistinguishable to the program from <c>python3 main.py</c> started for
/// it, and a new source's syntax error is still a compile error with its line.</summary>
[Collection(SharedEngine.Name)]
public sealed class PrestartedPythonTests(EngineFixture fixture)
{
    /// <summary>Prints what a program can see of how it was started (no object addresses).</summary>
    private const string Introspect = """
        import os, sys
        main = sys.modules["__main__"]
        print(sorted(vars(main)), __name__, __file__, __cached__, __spec__, __package__, __doc__)
        print(type(__loader__).__name__, __loader__.name, __loader__.path)
        print(sys.argv, sys.orig_argv, sys.path, sys.flags)
        print(sorted(sys.modules))
        print(sorted(os.listdir("/proc/self/fd")), os.getppid(), os.environ == {**os.environ})
        print(sorted(os.environ.items()))
        print(input(), sys.stdin.read())
        def fail():
            raise ValueError("from the program")
        fail()
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_HandedToAPrestartedInterpreter_SeesWhatPython3MainPyShowsIt()
    {
        await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 1 });
        var python = fixture.Language("python3");
        var build = await new ProgramBuilder(pool, new BuildCache(null)).BuildAsync(python, Encoding.UTF8.GetBytes(Introspect), [], Token);
        Assert.True(build.Succeeded, build.CompilerOutput);
        SandboxRequest Request() => ProgramRunner.Request(build.Program!, SandboxInput.FromBytes("first line\nrest\n"u8.ToArray()), SandboxLimits.Default, ["an argument"]);

        var usual = await pool.RunAsync(Request() with { Prestart = null }, Token);
        await pool.RunAsync(Request(), Token); // asks for the kind: one starts after it
        var handed = await pool.RunAsync(Request(), Token);

        Assert.NotNull(Request().Prestart);
        Assert.False(usual.Prestarted);
        Assert.True(handed.Prestarted);
        Assert.Equal(RunStatus.RE, usual.Status);
        Assert.Equal(1, usual.ExitCode);
        Assert.Contains("'main.py', 'an argument'", Encoding.UTF8.GetString(usual.Stdout), StringComparison.Ordinal);
        Assert.EndsWith("ValueError: from the program\n", Encoding.UTF8.GetString(usual.Stderr), StringComparison.Ordinal);
        Assert.Equal((usual.Status, usual.ExitCode), (handed.Status, handed.ExitCode));
        Assert.Equal(Encoding.UTF8.GetString(usual.Stdout), Encoding.UTF8.GetString(handed.Stdout));
        Assert.Equal(Encoding.UTF8.GetString(usual.Stderr), Encoding.UTF8.GetString(handed.Stderr));
    }

    [Fact]
    public async Task BuildAndRun_NewSourceWithASyntaxError_OnAPrestartedInterpreter_IsACompileErrorWithItsLine()
    {
        await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 1 });
        var sandbox = new CountingSandbox(pool);
        var builder = new ProgramBuilder(sandbox, new BuildCache(null));
        var python = fixture.Language("python3");
        var good = Encoding.UTF8.GetBytes($"print(input())\n# {Guid.NewGuid():N}\n");
        var bad = Encoding.UTF8.GetBytes($"x = 1\ndef f(:\n    pass\n# {Guid.NewGuid():N}\n");
        var stdin = SandboxInput.FromBytes("echo\n"u8.ToArray());

        var (_, goodRun) = await builder.BuildAndRunAsync(python, good, [], stdin, SandboxLimits.Default, null, Token);
        var (build, badRun) = await builder.BuildAndRunAsync(python, bad, [], stdin, SandboxLimits.Default, null, Token);
        var separate = await new ProgramBuilder(pool, new BuildCache(null)).BuildAsync(python, bad, [], Token);

        Assert.Equal("echo\n", Encoding.UTF8.GetString(goodRun!.Stdout));
        Assert.Equal([false, true], sandbox.Results.Select(r => r.Prestarted));
        Assert.Null(badRun);
        Assert.Equal("compilation failed", build.Message);
        Assert.Equal(separate.CompilerOutput, build.CompilerOutput);
        Assert.Contains(CompilerDiagnostics.Of(build, python).Items, d => d.Line == 2 && d.Severity == DiagnosticSeverity.Error);
    }
}
