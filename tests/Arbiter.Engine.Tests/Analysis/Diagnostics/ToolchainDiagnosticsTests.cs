using Arbiter.Engine.Analysis.Diagnostics;

namespace Arbiter.Engine.Tests.Analysis.Diagnostics;

/// <summary>
/// The compile errors of every toolchain with a structure, as each printed them in the sandbox
/// (Fixtures/, captured by compiling a broken program through `arbiter run`): the first error is
/// pinned to the submission's file, line and (where the compiler gives one) column.
/// </summary>
public sealed class ToolchainDiagnosticsTests
{
    [Theory]
    [InlineData("ghc-scope.txt", "Main.hs", 3, 10, "Variable not in scope: foo")]
    [InlineData("ghc-type.txt", "Main.hs", 3, 26, "Couldn't match expected type ‘Int’ with actual type ‘Bool’ In the second argument")]
    [InlineData("ocaml-unbound.txt", "main.ml", 2, 14, "Unbound value foo")]
    [InlineData("nim-undeclared.txt", "main.nim", 2, 6, "undeclared identifier: 'foo'")]
    [InlineData("fpc-identifier.txt", "main.pas", 2, 11, "Identifier not found \"foo\"")]
    [InlineData("scalac-not-found.txt", "Main.scala", 3, 13, "not found: value foo")]
    [InlineData("kotlinc-unresolved.txt", "main.kt", 2, 13, "unresolved reference: foo")]
    [InlineData("groovyc-token.txt", "main.groovy", 2, 12, "unexpected token: (")]
    [InlineData("erlc-undefined.txt", "main.erl", 4, 5, "function foo/1 undefined")]
    [InlineData("elixir-terminator.txt", "main.exs", 3, 1, "missing terminator: )")]
    [InlineData("raco-unbound.txt", "main.rkt", 2, 11, "foo: unbound identifier")]
    [InlineData("swipl-syntax.txt", "main.pl", 2, 5, "Syntax error: Unexpected end of clause")]
    [InlineData("r-parse.txt", "main.R", 3, 0, "unexpected end of input")]
    [InlineData("octave-parse.txt", "main.m", 2, 10, "parse error: syntax error")]
    [InlineData("gawk-syntax.txt", "main.awk", 2, 14, "syntax error")]
    [InlineData("bash-eof.txt", "main.sh", 3, 0, "syntax error: unexpected end of file")]
    [InlineData("crystal-undefined.txt", "main.cr", 2, 6, "undefined local variable or method 'foo'")]
    [InlineData("polyc-undeclared.txt", "main.sml", 2, 0, "Value or constructor (foo) has not been declared")]
    [InlineData("tsc-types.txt", "main.ts", 2, 7, "Type 'string' is not assignable to type 'number'.")]
    [InlineData("fsc-undefined.txt", "Program.fs", 2, 14, "The value or constructor 'foo' is not defined.")]
    [InlineData("vbc-undeclared.txt", "Program.vb", 3, 0, "'foo' is not declared.")]
    [InlineData("raku-sorry.txt", "main.raku", 2, 0, "Variable '$foo' is not declared.")]
    [InlineData("pike-undefined.txt", "main.pike", 2, 0, "Undefined identifier foo.")]
    [InlineData("valac-undeclared.txt", "main.vala", 2, 10, "The name `foo' does not exist")]
    [InlineData("coffee-paren.txt", "main.coffee", 2, 5, "missing )")]
    [InlineData("luajit-symbol.txt", "main.lua", 2, 0, "unexpected symbol near ')'")]
    [InlineData("luac-symbol.txt", "main.lua", 2, 0, "unexpected symbol near ')'")]
    [InlineData("php-parse.txt", "main.php", 3, 0, "syntax error, unexpected token \"echo\"")]
    [InlineData("gfortran-syntax.txt", "main.f90", 2, 15, "Syntax error in argument list")]
    [InlineData("perl-syntax.txt", "main.pl", 2, 0, "syntax error")]
    [InlineData("nasm-operands.txt", "main.asm", 3, 0, "invalid combination of opcode and operands")]
    [InlineData("gnat-undefined.txt", "main.adb", 4, 4, "\"Foo\" is undefined")]
    public void Parse_ToolchainCompileError_PinsTheFirstErrorToFileLineAndColumn(string fixture, string file, int line, int column, string message)
    {
        var list = DiagnosticParser.Parse(Fixture.Text(fixture), DiagnosticFormat.Text, new DiagnosticOptions { WorkDir = "/box" });

        var error = list.Items.First(d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal((file, line, column), (error.File, error.Line, error.Column));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ocaml-warning.txt", "main.ml", 2, 7, "unused variable x.", "26")]
    [InlineData("swipl-singleton.txt", "main.pl", 1, 0, "Singleton variables: [X]", null)]
    [InlineData("guile-warning.txt", "main.scm", 2, 9, "possibly wrong number of arguments to `car'", null)]
    [InlineData("ghc-warning.txt", "Main.hs", 3, 1, "Top-level binding with no type signature", "-Wmissing-signatures")]
    public void Parse_ToolchainWarning_IsAWarningWithItsLocation(string fixture, string file, int line, int column, string message, string? code)
    {
        var list = DiagnosticParser.Parse(Fixture.Text(fixture), DiagnosticFormat.Text, new DiagnosticOptions { WorkDir = "/box" });

        var warning = Assert.Single(list.Items);
        Assert.Equal((file, line, column, DiagnosticSeverity.Warning, code), (warning.File, warning.Line, warning.Column, warning.Severity, warning.Code));
        Assert.StartsWith(message, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PikeCompilerBacktrace_KeepsOnlyTheSubmissionsLines()
    {
        var list = DiagnosticParser.Parse(Fixture.Text("pike-undefined.txt"), DiagnosticFormat.Text, new DiagnosticOptions { WorkDir = "/box" });

        Assert.All(list.Items, d => Assert.Equal("main.pike", d.File));
    }
}
