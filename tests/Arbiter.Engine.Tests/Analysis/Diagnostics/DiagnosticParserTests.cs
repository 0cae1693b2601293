using System.Text;
using Arbiter.Engine.Analysis.Diagnostics;

namespace Arbiter.Engine.Tests.Analysis.Diagnostics;

public sealed class DiagnosticParserTests
{
    [Fact]
    public void Parse_GccJsonWithFixit_ReadsFileLineColumn()
    {
        var list = DiagnosticParser.Parse(Fixture.Text("gcc-missing-semicolon.json"), DiagnosticFormat.GccJson);

        Assert.Equal(2, list.Items.Count);
        var error = list.Items[0];
        Assert.Equal(("err.c", 6, 22, DiagnosticSeverity.Error), (error.File, error.Line, error.Column, error.Severity));
        Assert.StartsWith("expected ‘;’ before ‘return’", error.Message, StringComparison.Ordinal);
        Assert.Contains("insert ‘;’ at 6:22", error.Message, StringComparison.Ordinal);
        var warning = list.Items[1];
        Assert.Equal(("err.c", 5, 9, DiagnosticSeverity.Warning, "-Wunused-variable"), (warning.File, warning.Line, warning.Column, warning.Severity, warning.Code));
    }

    [Fact]
    public void Parse_GccJsonChildrenAndTopLevelNotes_AreNotes()
    {
        var header = DiagnosticParser.Parse(Fixture.Text("gcc-error-in-header.json"), DiagnosticFormat.GccJson);
        Assert.Equal([DiagnosticSeverity.Error, DiagnosticSeverity.Note, DiagnosticSeverity.Warning], header.Items.Select(d => d.Severity));
        Assert.All(header.Items, d => Assert.Equal("hdr2.h", d.File));

        var note = DiagnosticParser.Parse(Fixture.Text("gcc-toplevel-note.json"), DiagnosticFormat.GccJson);
        Assert.Equal(("hdr.h", 1, 5, DiagnosticSeverity.Note), (note.Items[1].File, note.Items[1].Line, note.Items[1].Column, note.Items[1].Severity));
    }

    [Fact]
    public void Parse_GccJsonWerror_KeepsOptionAsCode()
    {
        var list = DiagnosticParser.Parse(Fixture.Text("gcc-werror.json"), DiagnosticFormat.GccJson);

        Assert.Equal(DiagnosticSeverity.Error, list.Items[0].Severity);
        Assert.Equal("-Werror=uninitialized", list.Items[0].Code);
        Assert.Equal(1, list.ErrorCount);
    }

    [Fact]
    public void Parse_GccJsonFollowedByLinkerText_ReadsBoth()
    {
        var list = DiagnosticParser.Parse(Fixture.Text("gcc-linker-errors.txt"), DiagnosticFormat.GccJson);

        Assert.Equal(3, list.Items.Count); // the warning, two undefined references; collect2 dropped
        Assert.Equal("-Wimplicit-function-declaration", list.Items[0].Code);
        Assert.Equal(("lk.c", 0, DiagnosticSeverity.Error, "ld"), (list.Items[1].File, list.Items[1].Line, list.Items[1].Severity, list.Items[1].Code));
        Assert.Equal("undefined reference to `helper'", list.Items[1].Message);
        Assert.Equal("undefined reference to `undefined_fn'", list.Items[2].Message);
    }

    [Fact]
    public void Parse_GccJsonFatalAndBoxPaths_AreRelativeAndErrors()
    {
        var fatal = DiagnosticParser.Parse(Fixture.Text("gcc-fatal.txt"), DiagnosticFormat.GccJson);
        Assert.Single(fatal.Items);
        Assert.Equal(("fatal.c", DiagnosticSeverity.Error), (fatal.Items[0].File, fatal.Items[0].Severity));

        var box = DiagnosticParser.Parse(Fixture.Text("gcc-box-paths.txt"), DiagnosticFormat.GccJson);
        Assert.Equal(["main.c", "hdr.h", "main.c", "hdr.h", ""], box.Items.Select(d => d.File));
        Assert.Equal("/box/nomain.c: No such file or directory", box.Items[4].Message);
    }

    [Fact]
    public void Parse_GxxTemplateError_KeepsCandidatesAsNotesInSystemHeaders()
    {
        var list = DiagnosticParser.Parse(Fixture.Text("gxx-template.json"), DiagnosticFormat.GccJson);

        Assert.Equal(("tmpl.cpp", 6, 16), (list.Items[0].File, list.Items[0].Line, list.Items[0].Column));
        Assert.Equal(4, list.Items.Count(d => d.Severity == DiagnosticSeverity.Note && d.File.StartsWith("/usr/include/c++/12/", StringComparison.Ordinal)));
        Assert.Equal(("tmpl.cpp", 7, DiagnosticSeverity.Warning), (list.Items[^1].File, list.Items[^1].Line, list.Items[^1].Severity));
    }

    [Fact]
    public void Parse_GccJsonTruncatedMidArray_KeepsCompleteElements()
    {
        var text = Fixture.Text("gcc-missing-semicolon.json");
        var cut = text[..(text.IndexOf("\"-Wunused-variable\"", StringComparison.Ordinal) - 20)];

        var list = DiagnosticParser.Parse(cut, DiagnosticFormat.GccJson);

        Assert.Single(list.Items);
        Assert.Equal(6, list.Items[0].Line);
    }

    [Fact]
    public void Parse_RustcJson_UsesPrimarySpanLabelAndCodeAndSkipsAborting()
    {
        var list = DiagnosticParser.Parse(Fixture.Text("rustc-mismatch.jsonl"), DiagnosticFormat.RustcJson);

        Assert.Equal(3, list.Items.Count); // warning, its help with a span, the error
        Assert.Equal(
            ("main.rs", 1, 5, DiagnosticSeverity.Warning, "unused_imports"),
            (list.Items[0].File, list.Items[0].Line, list.Items[0].Column, list.Items[0].Severity, list.Items[0].Code));
        var error = list.Items.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("main.rs", 3, 18, "E0308"), (error.File, error.Line, error.Column, error.Code));
        Assert.Equal("mismatched types: expected `i32`, found `&str`", error.Message);
    }

    [Fact]
    public void Parse_RustcBorrowErrorInsideMacro_PointsAtUserLine()
    {
        var list = DiagnosticParser.Parse(Fixture.Text("rustc-borrow.jsonl"), DiagnosticFormat.RustcJson);

        var error = list.Items[0];
        Assert.Equal(("borrow.rs", 4, 22, "E0382"), (error.File, error.Line, error.Column, error.Code));
        Assert.StartsWith("borrow of moved value: `v`", error.Message, StringComparison.Ordinal);
        Assert.Contains(list.Items, d => d.Severity == DiagnosticSeverity.Warning && d.Code == "unused_variables" && d.Line == 3);
    }

    [Fact]
    public void Parse_RustcOldFormatWithoutMessageType_IsRead()
    {
        const string line = """{"message":"cannot find value `x` in this scope","code":{"code":"E0425","explanation":null},"level":"error","spans":""" +
            """[{"file_name":"/box/main.rs","byte_start":1,"byte_end":2,"line_start":2,"line_end":2,"column_start":5,"column_end":6,"is_primary":true,"text":""" +
            """[],"label":"not found in this scope","suggested_replacement":null,"expansion":null}],"children":[],"rendered":"error"}""";

        var list = DiagnosticParser.Parse(line, DiagnosticFormat.RustcJson);

        Assert.Equal(new Diagnostic("main.rs", 2, 5, DiagnosticSeverity.Error, "cannot find value `x` in this scope: not found in this scope", "E0425"), list.Items[0]);
    }

    [Fact]
    public void Parse_JavacText_ReadsLineCaretColumnAndDetails()
    {
        var list = DiagnosticParser.Parse(Fixture.Text("javac.txt"), DiagnosticFormat.Text);

        Assert.Equal(5, list.Items.Count);
        Assert.Equal(("Main.java", 4, 17, DiagnosticSeverity.Error), (list.Items[0].File, list.Items[0].Line, list.Items[0].Column, list.Items[0].Severity));
        Assert.Equal("cannot find symbol (symbol: method foo()) (location: class Main)", list.Items[1].Message);
        Assert.Equal(3, list.WarningCount);
    }

    [Fact]
    public void Parse_PythonTracebacks_LocateInnermostUserFrame()
    {
        var syntax = DiagnosticParser.Parse(Fixture.Text("py-syntax.txt"), DiagnosticFormat.Text).Items.Single();
        Assert.Equal(("syn.py", 2, "SyntaxError: invalid syntax", "SyntaxError"), (syntax.File, syntax.Line, syntax.Message, syntax.Code));
        Assert.Equal(11, syntax.Column);

        var runtime = DiagnosticParser.Parse(Fixture.Text("py-runtime.txt"), DiagnosticFormat.Text).Items.Single();
        Assert.Equal(("rt.py", 2, "IndexError: list index out of range"), (runtime.File, runtime.Line, runtime.Message));
    }

    [Fact]
    public void Parse_NodeErrors_ReadFileLineColumnAndMessage()
    {
        var runtime = DiagnosticParser.Parse(Fixture.Text("node.txt"), DiagnosticFormat.Text).Items.Single();
        Assert.Equal(("a.js", 2, 3, "ReferenceError: undefinedThing is not defined"), (runtime.File, runtime.Line, runtime.Column, runtime.Message));

        var syntax = DiagnosticParser.Parse(Fixture.Text("node-syntax.txt"), DiagnosticFormat.Text).Items.Single();
        Assert.Equal(("b.js", 1, 9, "SyntaxError"), (syntax.File, syntax.Line, syntax.Column, syntax.Code));
    }

    [Theory]
    [InlineData("./main.go:5:2: undefined: x", "main.go", 5, 2, DiagnosticSeverity.Error, null)]
    [InlineData(
        "/box/Program.cs(5,13): error CS0103: The name 'x' does not exist in the current context [/box/app.csproj]",
        "Program.cs",
        5,
        13,
        DiagnosticSeverity.Error,
        "CS0103")]
    [InlineData("main.c:3:1: warning: return type defaults to 'int' [-Wimplicit-int]", "main.c", 3, 1, DiagnosticSeverity.Warning, null)]
    [InlineData("/usr/bin/ld: cannot find -lfoo: No such file or directory", "", 0, 0, DiagnosticSeverity.Error, "ld")]
    public void Parse_TextForms_AreRecognised(string line, string file, int lineNumber, int column, DiagnosticSeverity severity, string? code)
    {
        var d = DiagnosticParser.Parse(line, DiagnosticFormat.Text).Items.Single();

        Assert.Equal((file, lineNumber, column, severity, code), (d.File, d.Line, d.Column, d.Severity, d.Code));
    }

    [Fact]
    public void Parse_ManyDiagnosticsAndLongMessages_AreBounded()
    {
        var text = string.Join('\n', Enumerable.Range(1, 500).Select(i => $"main.c:{i}:1: error: {new string('x', 5000)}"));

        var list = DiagnosticParser.Parse(text, DiagnosticFormat.Text, new DiagnosticOptions { MaxDiagnostics = 200, MaxMessageLength = 100 });

        Assert.Equal(200, list.Items.Count);
        Assert.Equal(500, list.Total);
        Assert.True(list.Truncated);
        Assert.All(list.Items, d => Assert.True(d.Message.Length <= 100));
        Assert.EndsWith("…", list.Items[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DiagnosticFormat.GccJson)]
    [InlineData(DiagnosticFormat.RustcJson)]
    [InlineData(DiagnosticFormat.Text)]
    public void Parse_EmptyGarbageOrInvalidUtf8_NeverThrows(DiagnosticFormat format)
    {
        Assert.Empty(DiagnosticParser.Parse("", format).Items);
        Assert.Empty(DiagnosticParser.Parse("[{\"kind\": [[[[", format).Items);
        Assert.Empty(DiagnosticParser.Parse("{not json}\n[1,2,3]\n", format).Items);

        var invalid = DiagnosticParser.Parse([.. "main.c:1:2: error: bad "u8, 0xFF, 0xFE, (byte)'\n'], format);
        Assert.Equal("bad \uFFFD\uFFFD", invalid.Items.Single().Message);
    }

    [Fact]
    public void Parse_HugeOutput_CompletesAndBounds()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            builder.Append("main.c:").Append(i).Append(":1: warning: w\n");
        }

        var list = DiagnosticParser.Parse(builder.ToString(), DiagnosticFormat.GccJson);

        Assert.Equal(200, list.Items.Count);
    }
}
