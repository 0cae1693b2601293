using Arbiter.Sandbox;

namespace Arbiter.Bench;

/// <summary>
/// One program <c>arbiter bench sandbox</c> runs bare and sandboxed: the same binary, arguments,
/// files (copied into the sandbox's work dir, and into a private directory the bare run starts
/// in) and environment. <paramref name="Share"/> divides the run count: slow programs get fewer
/// runs.
/// </summary>
internal sealed record BenchProgram(string Name, string Program, string[] Arguments, int Share, IReadOnlyList<SandboxFile> Files, SandboxLimits Limits)
{
    private const string HelloC = "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";
    private const string HelloJava = "public class Hello { public static void main(String[] args) { System.out.println(\"hello\"); } }\n";

    /// <summary>/bin/true, a Python start, a gcc compile of hello world, and (when a JDK is
    /// installed) a Java start with the flags <c>languages/java.yaml</c> runs programs with.</summary>
    public static async Task<IReadOnlyList<BenchProgram>> AllAsync(string scratch, CancellationToken cancellationToken)
    {
        var programs = new List<BenchProgram>
        {
            new("/bin/true", "/bin/true", [], 1, [], SandboxLimits.Default),
            new("python3 -c pass", "/usr/bin/python3", ["-c", "pass"], 4, [], SandboxLimits.Default),
            new("gcc -O2 -g hello.c", "/usr/bin/gcc", ["-O2", "-g", "hello.c", "-o", "hello"], 16,
                [new SandboxFile("hello.c", System.Text.Encoding.UTF8.GetBytes(HelloC))],
                SandboxLimits.Default with { CpuTime = TimeSpan.FromSeconds(10), WallTime = TimeSpan.FromSeconds(30), MemoryBytes = 1L << 30, Processes = 256 }),
        };
        if (await CompileHelloJavaAsync(scratch, cancellationToken) is { } helloClass)
        {
            programs.Add(new("java Hello", "/usr/bin/java", ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss64m", "-Xmx256m", "-cp", ".", "Hello"], 16,
                [new SandboxFile("Hello.class", helloClass)],
                SandboxLimits.Default with { CpuTime = TimeSpan.FromSeconds(10), WallTime = TimeSpan.FromSeconds(30), MemoryBytes = 512L << 20, Processes = 128 }));
        }

        return programs;
    }

    /// <summary>Hello.class, compiled once with the host's javac (our own source, not a
    /// submission), or null without a JDK.</summary>
    private static async Task<byte[]?> CompileHelloJavaAsync(string scratch, CancellationToken cancellationToken)
    {
        if (!File.Exists("/usr/bin/javac") || !File.Exists("/usr/bin/java"))
        {
            return null;
        }

        var directory = Directory.CreateDirectory(Path.Combine(scratch, "javac")).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "Hello.java"), HelloJava, cancellationToken);
        var info = new System.Diagnostics.ProcessStartInfo("/usr/bin/javac") { WorkingDirectory = directory, RedirectStandardError = true };
        info.ArgumentList.Add("Hello.java");
        using var javac = System.Diagnostics.Process.Start(info)!;
        var errors = await javac.StandardError.ReadToEndAsync(cancellationToken);
        await javac.WaitForExitAsync(cancellationToken);
        return javac.ExitCode == 0 ? await File.ReadAllBytesAsync(Path.Combine(directory, "Hello.class"), cancellationToken)
            : throw new InvalidOperationException($"javac Hello.java failed: {errors}");
    }
}
