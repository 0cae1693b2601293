using Arbiter.Autoscaling.Traces;

namespace Arbiter.Autoscaling.Tests.Traces;

public sealed class TraceCsvTests
{
    [Fact]
    public void Read_WithHeaderCommentsAndGaps_FillsMissingSecondsWithZero()
    {
        var trace = TraceCsv.Read("t", new StringReader("second,requests\n# quiet start\n0,2\n\n3,1.5\n4,0\n"));

        Assert.Equal([2.0, 0, 0, 1.5, 0], trace.RequestsPerSecond);
        Assert.Equal(3.5, trace.Total);
    }

    [Theory]
    [InlineData("0,1\n0,2\n", "line 2: second 0 comes after second 0")]
    [InlineData("0,-1\n", "line 1: the request count '-1'")]
    [InlineData("0,NaN\n", "line 1: the request count 'NaN'")]
    [InlineData("-1,1\n", "line 1: the second '-1'")]
    [InlineData("0,1,2\n", "line 1: expected 'second,requests', found 3 field(s)")]
    [InlineData("second,requests\n", "no 'second,requests' lines")]
    [InlineData("999999999,1\n", "past the longest trace accepted")]
    [InlineData("0,1\nx,y\n", "line 2: the second 'x'")]
    public void Read_Malformed_SaysWhereAndWhy(string text, string expected)
    {
        var error = Assert.Throws<TraceFormatException>(() => TraceCsv.Read("bad.csv", new StringReader(text)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ThenRead_GivesTheSameTrace()
    {
        var trace = new Trace("t", [0, 1.25, 3, 0, 7]);

        var back = TraceCsv.Read("t", new StringReader(TraceCsv.Write(trace)));

        Assert.Equal(trace.RequestsPerSecond, back.RequestsPerSecond);
    }
}
