using System.Text;
using Arbiter.Engine.Analysis.Functions;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Judging;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Analysis.Functions;

/// <summary>Banned functions in languages whose binaries hide them from <c>nm --undefined-only</c>:
/// Go links statically, Rust's Command reaches fork with no "fork(" in the source. Real compiles,
/// judged against a problem banning system, fork and execve.</summary>
[Collection(SharedEngine.Name)]
public sealed class StaticBinaryBanTests(EngineFixture fixture)
{
    private const string Rules = "banned_functions: [system, fork, execve]\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Judge_GoProgramUsingOsExec_IsCompileErrorNamingFunctionAndLine()
    {
        const string source = """
            package main

            import (
            	"fmt"
            	"os/exec"
            )

            func main() {
            	out, _ := exec.Command("/bin/echo", "1").Output()
            	fmt.Print(string(out))
            }
            """;

        var result = await JudgeAsync("go", source);

        Assert.Equal(Verdict.CE, result.Verdict);
        var fork = Assert.Single(result.Compile.Violations, v => v.Name == "fork");
        Assert.Equal(("main.go", 9), (fork.File, fork.Line));
        Assert.Contains("call to banned function 'system' through exec.Command at main.go:9", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_GoProgramImportingOsExecUnderAnotherName_IsFoundAtTheImport()
    {
        const string source = "package main\n\nimport (\n\t\"fmt\"\n\trun \"os/exec\"\n)\n\nfunc main() {\n\tout, _ := run.Command(\"/bin/echo\", \"1\").Output()\n" +
            "\tfmt.Print(string(out))\n}\n";

        var result = await JudgeAsync("go", source);

        Assert.Equal(Verdict.CE, result.Verdict);
        Assert.Contains(result.Compile.Violations, v => v is { Name: "execve", File: "main.go", Line: 5 });
    }

    [Fact]
    public async Task Judge_GoProgramCallingSyscallExec_IsFlaggedAsExecve()
    {
        const string source = "package main\n\nimport \"syscall\"\n\nfunc main() {\n\t// exec.Command in a comment is not a call\n" +
            "\t_ = syscall.Exec(\"/bin/echo\", []string{\"echo\", \"1\"}, nil)\n}\n";

        var result = await JudgeAsync("go", source);

        var violation = Assert.Single(result.Compile.Violations);
        Assert.Equal(("execve", 7), (violation.Name, violation.Line));
    }

    [Fact]
    public async Task Judge_GoProgramWithoutProcesses_IsAccepted()
    {
        const string source = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tvar x int\n\tfmt.Scan(&x)\n\tfmt.Println(x)\n}\n";

        var result = await JudgeAsync("go", source);

        Assert.True(result.Verdict == Verdict.AC, result.Message);
    }

    [Fact]
    public async Task Judge_RustCommand_IsForkAtTheLineOfTheCall()
    {
        const string source = """
            use std::process;

            fn main() {
                let status = process::Command::new("/bin/true").status().unwrap();
                println!("{}", if status.success() { 1 } else { 0 });
            }
            """;

        var result = await JudgeAsync("rust", source);

        Assert.Equal(Verdict.CE, result.Verdict);
        var fork = Assert.Single(result.Compile.Violations, v => v.Name == "fork");
        Assert.Equal(("main.rs", 4), (fork.File, fork.Line));
        Assert.Contains("call to banned function 'fork' through std::process::Command at main.rs:4", fork.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_RustProgramWithoutProcesses_IsAccepted()
    {
        const string source = "use std::io::Read;\nfn main() {\n    let mut s = String::new();\n    std::io::stdin().read_to_string(&mut s).unwrap();\n    print!(\"{}\", s);\n}\n";

        var result = await JudgeAsync("rust", source);

        Assert.True(result.Verdict == Verdict.AC, result.Message);
    }

    [Fact]
    public void Check_StaticBinaryDefiningExitForTheCLibrary_IsNotACallTheSourceMakes()
    {
        // A C program linked with -static carries exit (libc's start-up calls it) and fork.
        const string defined = "main T 401000 20\nexit T 402000 40\nfork W 403000 40\n";
        var sources = new Dictionary<string, string> { ["main.c"] = "int main(void) {\n  return 0;\n}\n" };
        var calling = new Dictionary<string, string> { ["main.c"] = "#include <unistd.h>\nint main(void) {\n  fork();\n  return 0;\n}\n" };

        var quiet = FunctionChecker.Check("", new FunctionRules(["exit", "fork"]), sources, "c", defined);
        var caught = FunctionChecker.Check("", new FunctionRules(["exit", "fork"]), calling, "c", defined);

        Assert.True(quiet.Passed, quiet.Message);
        Assert.Equal("call to banned function 'fork' at main.c:3", Assert.Single(caught.Violations).Message);
    }

    [Fact]
    public void Check_StaticGoBinaryLinkingOsExecTheSourceDoesNotShow_IsReportedFromTheSymbol()
    {
        const string defined = "main.main T 401000 20\nos/exec.(*Cmd).Start T 49b080 c67\n";
        var sources = new Dictionary<string, string> { ["main.go"] = "package main\n\nfunc main() {\n\tstart()\n}\n" };

        var result = FunctionChecker.Check("", new FunctionRules(["fork"]), sources, "go", defined);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(("fork", null, 0), (violation.Name, violation.File, violation.Line));
        Assert.Contains("'os/exec.(*Cmd).Start'", violation.Message, StringComparison.Ordinal);
    }

    private async Task<JudgeResult> JudgeAsync(string language, string source)
    {
        using var package = TempPackage.Minimal().Write("arbiter.yaml", Rules);
        using var problem = ProblemLoader.Load(package.Root);
        return await fixture.Judge().JudgeAsync(problem, fixture.Language(language), Encoding.UTF8.GetBytes(source), null, Token);
    }
}
