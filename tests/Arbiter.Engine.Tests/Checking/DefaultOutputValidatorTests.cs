using System.Text;
using Arbiter.Engine.Checking;

namespace Arbiter.Engine.Tests.Checking;

public sealed class DefaultOutputValidatorTests
{
    private static readonly DefaultValidatorOptions Tolerance6 = new(AbsoluteTolerance: 1e-6, RelativeTolerance: 1e-6);

    private static CheckResult Check(string answer, string output, DefaultValidatorOptions? options = null) =>
        DefaultOutputValidator.Check(new MemoryStream(Encoding.UTF8.GetBytes(answer)), new MemoryStream(Encoding.UTF8.GetBytes(output)), options);

    [Theory]
    [InlineData("42\n", "42\n")]
    [InlineData("42\n", "42")]
    [InlineData("1 2 3\n", "  1\n2\t3  \r\n\n")]
    [InlineData("", "")]
    [InlineData("", " \n\t")]
    [InlineData("Yes\n", "YES\n")]
    [InlineData("a\vb\fc\n", "a b c")]
    public void Check_SameTokensIgnoringSpaceAndCase_Accepts(string answer, string output)
    {
        Assert.Equal(Verdict.AC, Check(answer, output).Verdict);
    }

    [Fact]
    public void Check_DifferentToken_RejectsNamingLineAndToken()
    {
        var result = Check("1 2\n3 42\n", "1 2\n3 41\n");

        Assert.Equal(Verdict.WA, result.Verdict);
        Assert.Equal("line 2, token 2: expected 42, got 41", result.Message);
    }

    [Fact]
    public void Check_EmptyOutput_RejectsAsEndOfOutput()
    {
        Assert.Equal("line 1, token 1: expected 42, got end of output", Check("42\n", "").Message);
    }

    [Fact]
    public void Check_ExtraToken_Rejects()
    {
        var result = Check("42\n", "42\n43\n");

        Assert.Equal(Verdict.WA, result.Verdict);
        Assert.Equal("line 2, token 1: expected end of output, got 43", result.Message);
    }

    [Fact]
    public void Check_CaseSensitive_RejectsOtherCase()
    {
        Assert.Equal(Verdict.WA, Check("Yes\n", "yes\n", new DefaultValidatorOptions(CaseSensitive: true)).Verdict);
        Assert.Equal(Verdict.AC, Check("Yes\n", "Yes\n", new DefaultValidatorOptions(CaseSensitive: true)).Verdict);
    }

    [Fact]
    public void Check_CaseInsensitive_FoldsOnlyAsciiLetters()
    {
        Assert.Equal(Verdict.WA, Check("É\n", "é\n").Verdict);
    }

    [Theory]
    [InlineData("1 2\n", "1 2\n", Verdict.AC)]
    [InlineData("1 2\n", "1  2\n", Verdict.WA)]
    [InlineData("1 2\n", "1 2", Verdict.WA)]
    [InlineData("1 2\n", "1 2\n\n", Verdict.WA)]
    [InlineData("1 2\n", " 1 2\n", Verdict.WA)]
    [InlineData("1\n2\n", "1 2\n", Verdict.WA)]
    [InlineData("1\n", "1\r\n", Verdict.WA)]
    public void Check_SpaceChangeSensitive_ComparesEveryWhitespaceRun(string answer, string output, Verdict expected)
    {
        Assert.Equal(expected, Check(answer, output, new DefaultValidatorOptions(SpaceChangeSensitive: true)).Verdict);
    }

    [Theory]
    [InlineData("0.0314", "3.14000000e-2")]
    [InlineData("1", "1.0000005")]
    [InlineData("1000000", "1000000.9")]
    [InlineData("-2.5", "-2.5000001")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "+5")]
    [InlineData("1E3", "1000")]
    public void Check_NumbersWithinTolerance_Accepts(string answer, string output)
    {
        Assert.Equal(Verdict.AC, Check(answer, output, Tolerance6).Verdict);
    }

    [Theory]
    [InlineData("1", "1.000002")]
    [InlineData("0", "0.000002")]
    [InlineData("1", "nan")]
    [InlineData("1", "inf")]
    [InlineData("1", "0x1p0")]
    [InlineData("1", "one")]
    [InlineData("1", "1,0")]
    public void Check_NumbersOutsideToleranceOrNotNumbers_Rejects(string answer, string output)
    {
        Assert.Equal(Verdict.WA, Check(answer, output, Tolerance6).Verdict);
    }

    [Fact]
    public void Check_ToleranceBoundary_IsInclusiveAndExact()
    {
        var absolute = new DefaultValidatorOptions(AbsoluteTolerance: 0.1);

        Assert.Equal(Verdict.AC, Check("1.0", "1.1", absolute).Verdict);
        Assert.Equal(Verdict.AC, Check("1.0", "0.9", absolute).Verdict);
        Assert.Equal(Verdict.WA, Check("1.0", "1.1000001", absolute).Verdict);
    }

    [Fact]
    public void Check_RelativeToleranceOnly_ScalesWithTheAnswer()
    {
        var relative = new DefaultValidatorOptions(RelativeTolerance: 0.01);

        Assert.Equal(Verdict.AC, Check("1000", "1010", relative).Verdict);
        Assert.Equal(Verdict.WA, Check("1000", "1010.5", relative).Verdict);
        Assert.Equal(Verdict.WA, Check("0", "0.0001", relative).Verdict);
    }

    [Fact]
    public void Check_HugeExponents_AreComparedAsDoubles()
    {
        Assert.Equal(Verdict.AC, Check("1e300", "1.0000000001e300", Tolerance6).Verdict);
        Assert.Equal(Verdict.WA, Check("1e-300", "1", Tolerance6 with { AbsoluteTolerance = null }).Verdict);
    }

    [Fact]
    public void Check_NonNumericAnswerToken_IsComparedAsString()
    {
        Assert.Equal(Verdict.AC, Check("inf NaN yes", "INF nan YES", Tolerance6).Verdict);
        Assert.Equal(Verdict.WA, Check("inf", "1e999", Tolerance6).Verdict);
    }

    [Fact]
    public void Check_WithoutTolerance_NumbersMustMatchAsText()
    {
        Assert.Equal(Verdict.WA, Check("0.5", ".5").Verdict);
    }

    [Fact]
    public void Check_RejectionMessage_ShowsTheTolerance()
    {
        Assert.Equal("line 1, token 1: expected 3.14 (±1E-06 absolute or relative), got 3.15", Check("3.14", "3.15", Tolerance6).Message);
    }

    [Fact]
    public void Check_TokensLongerThanTheBuffer_AreComparedInChunks()
    {
        var token = new string('a', 200_000);

        Assert.Equal(Verdict.AC, Check(token + "\n", token.ToUpperInvariant()).Verdict);
        Assert.Equal(Verdict.WA, Check(token + "\n", token + "b").Verdict);
        Assert.Equal(Verdict.WA, Check(token + "b\n", token).Verdict);
        Assert.Equal(Verdict.WA, Check(token, token[..^1] + "c").Verdict);
    }

    [Fact]
    public void Check_LongMismatchingToken_IsShortenedInTheMessage()
    {
        var result = Check("x\n", new string('y', 1000));

        Assert.True(result.Message.Length < 120);
        Assert.EndsWith("…", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LargeStreams_AreCheckedWithoutLoadingThem()
    {
        using var answer = new RepeatingStream("12345 ", 50_000_000);
        using var output = new RepeatingStream("12345\n", 50_000_000);

        Assert.Equal(Verdict.AC, DefaultOutputValidator.Check(answer, output).Verdict);
    }

    [Fact]
    public void CheckFiles_ReadsFromDisk()
    {
        var directory = Directory.CreateTempSubdirectory("arbiter-check-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "a"), "1 2 3\n");
            File.WriteAllText(Path.Combine(directory, "o"), "1 2 4\n");

            Assert.Equal("line 1, token 3: expected 3, got 4", DefaultOutputValidator.CheckFiles(Path.Combine(directory, "a"), Path.Combine(directory, "o")).Message);
            Assert.Equal(Verdict.AC, DefaultOutputValidator.Check(Path.Combine(directory, "a"), "1 2 3"u8.ToArray()).Verdict);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A read-only stream repeating a pattern up to a length, generated on the fly.</summary>
    private sealed class RepeatingStream(string pattern, long length) : Stream
    {
        private readonly byte[] _pattern = Encoding.ASCII.GetBytes(pattern);
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = _pattern[(int)((_position + i) % _pattern.Length)];
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
