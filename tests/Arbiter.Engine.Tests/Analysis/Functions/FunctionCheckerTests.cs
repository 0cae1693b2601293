using Arbiter.Engine.Analysis.Functions;

namespace Arbiter.Engine.Tests.Analysis.Functions;

public sealed class FunctionCheckerTests
{
    private static readonly Dictionary<string, string> BanSource = new() { ["main.c"] = Fixture.Text("ban.c.txt") };

    [Fact]
    public void Check_BannedFunctions_NamesEachWithItsLineIgnoringCommentsAndStrings()
    {
        var result = FunctionChecker.Check(Fixture.Text("nm-c-object.txt"), new FunctionRules(["system", "exit", "fork"]), BanSource);

        Assert.False(result.Passed);
        Assert.Equal(
            ["call to banned function 'system' at main.c:15", "call to banned function 'exit' at main.c:16", "call to banned function 'fork' at main.c:17"],
            result.Violations.Select(v => v.Message));
        Assert.Equal(["__stack_chk_fail", "exit", "fork", "printf", "strcpy", "system"], result.ExternalFunctions);
    }

    [Fact]
    public void Check_LinkedExecutableWithVersions_NormalisesNames()
    {
        var result = FunctionChecker.Check(Fixture.Text("nm-c-executable.txt"), new FunctionRules([], Allowed: ["printf", "strcpy"]), BanSource);

        Assert.Equal(["exit", "fork", "system"], result.Violations.Select(v => v.Name).Order(StringComparer.Ordinal));
        Assert.Equal("call to function 'system', which is not in the allowed list at main.c:15", result.Violations[0].Message);
        Assert.Contains("__libc_start_main", result.ExternalFunctions);
    }

    [Fact]
    public void Check_AllowedOnly_AcceptsImplicitAndRewrittenCalls()
    {
        const string nm = "puts U         \nputchar U         \n__printf_chk U         \nmemcpy U         \n__stack_chk_fail U         \n";
        var sources = new Dictionary<string, string> { ["main.c"] = "int main(void){ printf(\"hi\\n\"); printf(\"%c\", 'x'); return 0; }" };

        var result = FunctionChecker.Check(nm, new FunctionRules([], Allowed: ["printf"]), sources);

        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void Check_BannedPrintfCompiledToPuts_IsStillFound()
    {
        var sources = new Dictionary<string, string> { ["main.c"] = "int main(void) {\n  printf(\"hi\\n\");\n}\n" };

        var result = FunctionChecker.Check("puts U         \n", new FunctionRules(["printf"]), sources);

        Assert.Equal("call to banned function 'printf' at main.c:2", result.Message);
    }

    [Fact]
    public void Check_CppDemangled_MatchesQualifiedRulesAndLocates()
    {
        var sources = new Dictionary<string, string> { ["main.cpp"] = Fixture.Text("cpp.cpp.txt") };

        var result = FunctionChecker.Check(Fixture.Text("nm-cpp-demangled.txt"), new FunctionRules(["std::thread", "system"]), sources);

        Assert.Equal(["call to banned function 'system' at main.cpp:9", "call to banned function 'std::thread' at main.cpp:10"], result.Violations.Select(v => v.Message));
        Assert.Contains("operator new", result.ExternalFunctions);
        Assert.Contains("std::ostream::_M_insert", result.ExternalFunctions);
        Assert.Contains("std::ctype::_M_widen_init", result.ExternalFunctions);
    }

    [Fact]
    public void Check_NotInSource_SaysItCameFromTheCompiledCode()
    {
        var result = FunctionChecker.Check(
            "system U         \n",
            new FunctionRules(["system"]),
            new Dictionary<string, string> { ["main.c"] = "#define RUN system\nint main(void){ return RUN(\"x\"); }" });

        Assert.Equal("call to banned function 'system' (in the compiled code; the call is not visible in the source text, e.g. a macro)", result.Message);
    }

    [Fact]
    public void Check_EmptyOrGarbageNm_PassesWithNoSymbols()
    {
        var result = FunctionChecker.Check("nm: 'a.out': No such file\n\u0000\u0001 garbage", new FunctionRules(["system"]), new Dictionary<string, string>());

        Assert.True(result.Passed);
        Assert.Empty(result.ExternalFunctions);
    }

    [Fact]
    public void CheckKeywords_IgnoresCommentsAndStrings()
    {
        var sources = new Dictionary<string, string>
        {
            ["main.c"] = "// goto is bad\n/* goto\n*/ char *s = \"goto\"; char c = 'g';\nint main(void) {\n  goto end;\nend: return 0;\n}\n",
            ["a.py"] = "# import os\ns = '''import os'''\nimport os\n",
        };

        var result = FunctionChecker.CheckKeywords(["goto", "import os"], sources);

        Assert.Equal(["banned keyword 'import os' at a.py:3", "banned keyword 'goto' at main.c:5"], result.Violations.Select(v => v.Message));
    }

    [Fact]
    public void CheckKeywords_QualifiedKeyword_MatchesAcrossPunctuation()
    {
        var result = FunctionChecker.CheckKeywords(["std::sort"], new Dictionary<string, string> { ["m.cpp"] = "int main() {\n  std::sort(v.begin(), v.end());\n}" });

        Assert.Equal(2, result.Violations.Single().Line);
    }
}
