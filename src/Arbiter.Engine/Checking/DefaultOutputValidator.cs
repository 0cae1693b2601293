using System.Globalization;
using System.Text;

namespace Arbiter.Engine.Checking;

/// <summary>
/// The format's default output validator: splits answer and output into tokens on whitespace
/// (space, \f, \n, \r, \t, \v) and compares them in order. Strings compare byte for byte, ASCII
/// letters case-insensitively unless <c>case_sensitive</c>; with a float tolerance, an answer token
/// that is a number accepts any number within tolerance; with <c>space_change_sensitive</c> every
/// whitespace run (leading and trailing too) must match exactly. Memory stays bounded whatever the
/// sizes: tokens longer than 64 KiB are compared in chunks.
/// </summary>
public static class DefaultOutputValidator
{
    private const int ChunkBytes = 64 * 1024;
    private const int ShownChars = 40;

    /// <summary>Checks <paramref name="output"/> against <paramref name="answer"/>.</summary>
    public static CheckResult Check(Stream answer, Stream output, DefaultValidatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(output);
        options ??= DefaultValidatorOptions.Default;
        var expected = new TokenReader(answer);
        var actual = new TokenReader(output);
        var answerToken = new byte[ChunkBytes];
        var outputToken = new byte[ChunkBytes];
        while (true)
        {
            if (options.SpaceChangeSensitive)
            {
                if (CompareSpace(expected, actual) is { } mismatch)
                {
                    return mismatch;
                }
            }
            else
            {
                expected.SkipSpace();
                actual.SkipSpace();
            }

            var answerEnded = expected.Peek() < 0;
            var outputEnded = actual.Peek() < 0;
            if (answerEnded && outputEnded)
            {
                return CheckResult.Accept();
            }

            actual.StartToken();
            var where = $"line {actual.Line}, token {actual.TokenInLine}";
            if (outputEnded)
            {
                var (count, complete) = expected.ReadToken(answerToken);
                return CheckResult.Reject($"{where}: expected {Show(answerToken.AsSpan(0, count), complete)}, got end of output");
            }

            if (answerEnded)
            {
                var (count, complete) = actual.ReadToken(outputToken);
                return CheckResult.Reject($"{where}: expected end of output, got {Show(outputToken.AsSpan(0, count), complete)}");
            }

            if (CompareTokens(expected, actual, answerToken, outputToken, options, where) is { } rejection)
            {
                return rejection;
            }
        }
    }

    /// <summary>Checks an output file against an answer file.</summary>
    public static CheckResult CheckFiles(string answerFile, string outputFile, DefaultValidatorOptions? options = null)
    {
        using var answer = File.OpenRead(answerFile);
        using var output = File.OpenRead(outputFile);
        return Check(answer, output, options);
    }

    /// <summary>Checks captured output (e.g. a sandbox's stdout) against an answer file.</summary>
    public static CheckResult Check(string answerFile, ReadOnlyMemory<byte> output, DefaultValidatorOptions? options = null)
    {
        using var answer = File.OpenRead(answerFile);
        using var stream = new MemoryStream(output.ToArray(), writable: false);
        return Check(answer, stream, options);
    }

    private static CheckResult? CompareTokens(TokenReader expected, TokenReader actual, byte[] answerToken, byte[] outputToken, DefaultValidatorOptions options, string where)
    {
        var (answerCount, answerComplete) = expected.ReadToken(answerToken);
        var (outputCount, outputComplete) = actual.ReadToken(outputToken);
        var answerSpan = answerToken.AsSpan(0, answerCount);
        var outputSpan = outputToken.AsSpan(0, outputCount);

        if (options.HasFloatTolerance && answerComplete && FloatToken.TryParse(answerSpan, out var a, out var aText))
        {
            if (!outputComplete || !FloatToken.TryParse(outputSpan, out var s, out var sText))
            {
                return CheckResult.Reject($"{where}: expected the number {Show(answerSpan, true)}, got {Show(outputSpan, outputComplete)}");
            }

            return FloatToken.WithinTolerance(a, aText, s, sText, options.AbsoluteTolerance, options.RelativeTolerance)
                ? null
                : CheckResult.Reject($"{where}: expected {aText}{Tolerance(options)}, got {sText}");
        }

        var firstAnswer = answerSpan.ToArray();
        var firstOutput = outputSpan.ToArray();
        while (true)
        {
            if (answerCount != outputCount || answerComplete != outputComplete
                || !Same(answerToken.AsSpan(0, answerCount), outputToken.AsSpan(0, outputCount), options.CaseSensitive))
            {
                return CheckResult.Reject($"{where}: expected {Show(firstAnswer, answerComplete && firstAnswer.Length == answerCount)}, " +
                    $"got {Show(firstOutput, outputComplete && firstOutput.Length == outputCount)}");
            }

            if (answerComplete)
            {
                return null;
            }

            (answerCount, answerComplete) = expected.ReadToken(answerToken);
            (outputCount, outputComplete) = actual.ReadToken(outputToken);
        }
    }

    private static CheckResult? CompareSpace(TokenReader expected, TokenReader actual)
    {
        while (TokenReader.IsSpace(expected.Peek()) || TokenReader.IsSpace(actual.Peek()))
        {
            var a = expected.Peek();
            var b = actual.Peek();
            if (a != b)
            {
                return CheckResult.Reject($"line {actual.Line}: whitespace differs: expected {Describe(a)}, got {Describe(b)}");
            }

            expected.Read();
            actual.Read();
        }

        return null;
    }

    private static bool Same(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, bool caseSensitive)
    {
        if (caseSensitive)
        {
            return a.SequenceEqual(b);
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (Fold(a[i]) != Fold(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static byte Fold(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;

    private static string Tolerance(DefaultValidatorOptions options)
    {
        var parts = new List<string>();
        if (options.AbsoluteTolerance is { } abs)
        {
            parts.Add("±" + abs.ToString("G6", CultureInfo.InvariantCulture));
        }

        if (options.RelativeTolerance is { } rel && options.RelativeTolerance != options.AbsoluteTolerance)
        {
            parts.Add("relative ±" + rel.ToString("G6", CultureInfo.InvariantCulture));
        }
        else if (options.RelativeTolerance is not null && options.AbsoluteTolerance is not null)
        {
            parts[0] += " absolute or relative";
        }

        return " (" + string.Join(", ", parts) + ")";
    }

    private static string Describe(int b) => b switch
    {
        -1 => "end of output",
        '\n' => "a newline",
        ' ' => "a space",
        '\t' => "a tab",
        '\r' => "a carriage return",
        0x0b => "a vertical tab",
        0x0c => "a form feed",
        _ => "'" + (char)b + "'",
    };

    private static string Show(ReadOnlySpan<byte> token, bool complete)
    {
        var text = new StringBuilder();
        foreach (var b in token[..Math.Min(token.Length, ShownChars)])
        {
            text.Append(b is >= 0x21 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
        }

        return text + (token.Length > ShownChars || !complete ? "…" : "");
    }
}
