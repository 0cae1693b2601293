using System.Runtime.CompilerServices;

namespace Arbiter.Engine.Tests.Analysis;

/// <summary>Real outputs captured from gcc 12, rustc, javac, python, node, valgrind 3.19, nm and the
/// other languages' toolchains on Debian 12 (in the sandbox, so paths are under /box), read from
/// Fixtures/ next to this source file (the csproj does not copy them).</summary>
internal static class Fixture
{
    public static string Text(string name) => File.ReadAllText(PathOf(name));

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    private static string PathOf(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", name);
}
