using System.Text;
using Arbiter.Engine.Analysis.Valgrind;

namespace Arbiter.Engine.Tests.Analysis.Valgrind;

public sealed class ValgrindXmlTests
{
    [Fact]
    public void Parse_CProgramWithErrors_ReadsKindsSizesAndUserFrames()
    {
        var report = ValgrindXml.Parse(Fixture.Bytes("valgrind-c-errors.xml"));

        Assert.True(report.Complete);
        Assert.Equal(9, report.TotalErrors);
        Assert.Equal(
            [ValgrindErrorKind.InvalidRead, ValgrindErrorKind.InvalidWrite, ValgrindErrorKind.UninitCondition, ValgrindErrorKind.InvalidRead,
             ValgrindErrorKind.InvalidFree, ValgrindErrorKind.LeakIndirectlyLost, ValgrindErrorKind.LeakDefinitelyLost,
             ValgrindErrorKind.LeakStillReachable, ValgrindErrorKind.LeakDefinitelyLost],
            report.Errors.Select(e => e.Kind));
        var read = report.Errors[0];
        Assert.Equal(4, read.Bytes);
        Assert.Equal("bug.c:9", read.Where?.Location);
        Assert.Equal("sum", read.Where?.Function);
        Assert.Equal("bug.c:14", read.Related?.Location); // the malloc, not valgrind's own frame
    }

    [Fact]
    public void Parse_CProgramWithErrors_SummarisesInPlainWords()
    {
        var report = ValgrindXml.Parse(Fixture.Bytes("valgrind-c-errors.xml"));
        var lines = report.SummaryLines;

        Assert.Equal("Invalid read of 4 bytes at bug.c:9 (reading past the end of a block of 40 bytes allocated at bug.c:14)", lines[0]);
        Assert.Equal("Invalid write of 4 bytes at bug.c:17 (writing past the end of a block of 40 bytes allocated at bug.c:14)", lines[1]);
        Assert.StartsWith("A decision (if, while, ?:) at bug.c:19 depends on an uninitialised value", lines[2], StringComparison.Ordinal);
        Assert.Equal("Invalid read of 1 byte at bug.c:23 (reading a block of 8 bytes after it was freed at bug.c:22 — use after free)", lines[3]);
        Assert.Equal("Invalid free at bug.c:24: the block was already freed at bug.c:22 (double free)", lines[4]);
        Assert.Contains("100 bytes lost in 1 block allocated at bug.c:28 — free it before main returns", lines);
        Assert.Contains("32 bytes (16 direct, 16 indirect) lost in 1 block allocated at bug.c:25 — free it before main returns", lines);
        Assert.DoesNotContain(lines, l => l.Contains("still reachable", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_Leaks_SumsLikeMemchecksLeakSummary()
    {
        var leaks = ValgrindXml.Parse(Fixture.Bytes("valgrind-c-errors.xml")).Leaks;

        Assert.Equal(new ValgrindLeakSummary(116, 2, 16, 1, 0, 0, 33, 1), leaks);
        Assert.Equal(132, leaks.LostBytes);
    }

    [Fact]
    public void Parse_SegfaultWithTrackOrigins_ReportsSignalSyscallAndNullRead()
    {
        var report = ValgrindXml.Parse(Fixture.Bytes("valgrind-segv.xml"));

        Assert.Equal(
            "The system call argument write(buf) points to uninitialised byte(s) at seg.c:5 (the value comes from a stack allocation at seg.c:3)",
            report.Errors[0].Summary);
        Assert.Equal("Invalid read of 4 bytes at seg.c:9 (through a NULL pointer)", report.Errors[1].Summary);
        Assert.Equal("SIGSEGV", report.FatalSignal?.Signal);
        Assert.Equal("The program was killed by SIGSEGV at seg.c:9 (Access not within mapped region: a NULL pointer dereference)", report.FatalSignal?.Summary);
        Assert.True(report.HasMemoryErrors);
        Assert.False(report.HasLeaks);
    }

    [Fact]
    public void Parse_CppProgram_ExplainsMismatchedDeleteAndSkipsStdFrames()
    {
        var report = ValgrindXml.Parse(Fixture.Bytes("valgrind-cpp.xml"));

        Assert.Equal(
            "Mismatched release at mm.cpp:5: memory allocated with new[] at mm.cpp:4 was released with delete — use delete[] for new[], delete for new, free for malloc",
            report.Errors[0].Summary);
        Assert.Equal("Invalid read of 4 bytes at mm.cpp:7 (reading past the end of a block of 12 bytes allocated at mm.cpp:6)", report.Errors[1].Summary);
        Assert.Equal("4 bytes lost in 1 block allocated at mm.cpp:8 — free it before main returns", report.Errors[2].Summary);
    }

    [Fact]
    public void Parse_TruncatedXml_GivesPartialReport()
    {
        var xml = Fixture.Text("valgrind-c-errors.xml");
        var cut = xml[..xml.IndexOf("<kind>UninitCondition", StringComparison.Ordinal)];

        var report = ValgrindXml.Parse(cut);

        Assert.False(report.Complete);
        Assert.Equal(2, report.Errors.Count);
        Assert.Contains(report.SummaryLines, l => l.Contains("incomplete", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml at all")]
    [InlineData("<valgrindoutput><error><kind>InvalidRead</kind>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><valgrindoutput/>")]
    public void Parse_GarbageOrEmpty_NeverThrows(string xml)
    {
        var report = ValgrindXml.Parse(xml);

        Assert.False(report.Complete);
        Assert.Empty(report.Errors);
    }

    [Fact]
    public void Parse_InvalidUtf8InNames_DoesNotThrow()
    {
        var bytes = Fixture.Bytes("valgrind-cpp.xml").ToList();
        var at = Encoding.ASCII.GetString([.. bytes]).IndexOf("<fn>main</fn>", StringComparison.Ordinal) + 4;
        bytes[at] = 0xFF;

        var report = ValgrindXml.Parse([.. bytes]);

        Assert.NotNull(report);
    }

    [Fact]
    public void Parse_ManyErrors_KeepsCapButCountsAllLeaks()
    {
        var body = new StringBuilder("<?xml version=\"1.0\"?><valgrindoutput>");
        for (var i = 0; i < 300; i++)
        {
            body.Append("<error><unique>0x").Append(i.ToString("x", System.Globalization.CultureInfo.InvariantCulture))
                .Append("</unique><kind>Leak_DefinitelyLost</kind><xwhat><text>8 bytes in 1 blocks are definitely " +
                    "lost</text><leakedbytes>8</leakedbytes><leakedblocks>1</leakedblocks></xwhat></error>");
        }

        body.Append("</valgrindoutput>");

        var report = ValgrindXml.Parse(body.ToString(), maxErrors: 100);

        Assert.True(report.Complete);
        Assert.Equal(100, report.Errors.Count);
        Assert.Equal(300, report.TotalErrors);
        Assert.Equal(2400, report.Leaks.DefinitelyLostBytes);
        Assert.Equal("… and 200 more problems not shown.", report.SummaryLines[^1]);
    }
}
