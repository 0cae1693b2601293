using System.Text;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Languages;

/// <summary>
/// Java submissions run the class the JDK would run, however the file names it: the compiler
/// accepts any class name in the file (as the JDK's source launcher does) and the class with
/// <c>public static void main(String[])</c> is found in the compiled classes, not by a pattern
/// over the source. A file the JVM could not run is a compile error that says why, never a
/// run-time "Could not find or load main class".
/// </summary>
[Collection(SharedEngine.Name)]
public sealed class JavaMainClassTests(EngineFixture fixture)
{
    private const string Body = "{ public static void main(String[] args) { System.out.println(new java.util.Scanner(System.in).nextInt() * 2); } }";

    /// <summary>An interface's methods are public without saying so.</summary>
    private const string InterfaceBody = "{ static void main(String[] args) { System.out.println(new java.util.Scanner(System.in).nextInt() * 2); } }";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("public abstract class", "public abstract class Solver " + Body)]
    [InlineData("strictfp", "public strictfp class Solver " + Body)]
    [InlineData("final strictfp", "public final strictfp class Solver " + Body)]
    [InlineData("annotation and comment first", "/* public class Fake {} */\n@SuppressWarnings(\"all\")\npublic\nfinal class Solver " + Body)]
    [InlineData("Unicode name", "public class Lösning " + Body)]
    [InlineData("Unicode name, CJK", "public class 解答 " + Body)]
    [InlineData("no public class", "class Helper { }\nclass Solution " + Body)]
    [InlineData("helper class before the public one", "class Pair { int a, b; }\npublic class Contest " + Body)]
    [InlineData("package line", "package se.kth.contest;\nimport java.util.*;\npublic class Main " + Body)]
    [InlineData("main in an interface", "interface Program " + InterfaceBody)]
    public async Task Build_JavaFileTheJdkCanRun_RunsItsMainClass(string shape, string source)
    {
        var build = await fixture.Builder.BuildAsync(fixture.Language("java"), Encoding.UTF8.GetBytes(source), [], Token);
        Assert.True(build.Succeeded, $"{shape}: {build.Message}\n{build.CompilerOutput}");

        var run = await fixture.Runner.RunAsync(build.Program!, SandboxInput.FromBytes("21\n"u8.ToArray()), SandboxLimits.Default with { MemoryBytes = 256L << 20 }, Token);

        Assert.True(run.Status == RunStatus.OK, $"{shape}: {run.Status} {run.Message}\n{Encoding.UTF8.GetString(run.Stderr)}");
        Assert.Equal("42\n", Encoding.UTF8.GetString(run.Stdout));
    }

    [Fact]
    public async Task Build_MainClassInAnotherFileOfTheSubmission_RunsIt()
    {
        // As problemtools compiles every file: Main.java holds a helper, Solver.java the main.
        var helper = "public class Util { static int twice(int x) { return 2 * x; } }\n";
        var solver = new SandboxFile(
            "Solver.java",
            Encoding.UTF8.GetBytes("public class Solver { public static void main(String[] a) { System.out.println(Util.twice(new java.util.Scanner(System.in).nextInt())); " +
                "} }\n"));

        var build = await fixture.Builder.BuildAsync(fixture.Language("java"), Encoding.UTF8.GetBytes(helper), [], Token, [solver]);
        Assert.True(build.Succeeded, $"{build.Message}\n{build.CompilerOutput}");
        var run = await fixture.Runner.RunAsync(build.Program!, SandboxInput.FromBytes("21\n"u8.ToArray()), SandboxLimits.Default with { MemoryBytes = 256L << 20 }, Token);

        Assert.Equal("42\n", Encoding.UTF8.GetString(run.Stdout));
    }

    [Theory]
    [InlineData("no main at all", "public class Solver { int solve() { return 1; } }\nclass Other { }")]
    [InlineData("main not static", "public class Solver { public void main(String[] args) { } }")]
    [InlineData("main not public", "class Solver { static void main(String[] args) { } }")]
    [InlineData("main with other parameters", "public class Solver { public static void main(int[] args) { } }")]
    public async Task Build_JavaFileWithNothingToRun_IsACompileErrorThatSaysSo(string shape, string source)
    {
        var build = await fixture.Builder.BuildAsync(fixture.Language("java"), Encoding.UTF8.GetBytes(source), [], Token);

        Assert.False(build.Succeeded, shape);
        Assert.False(build.InternalError, $"{shape}: {build.Message}");
        Assert.Contains("public static void main(String[] args)", build.CompilerOutput, StringComparison.Ordinal);
    }
}
