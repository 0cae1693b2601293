using System.Globalization;
using System.Text;

namespace Arbiter.Engine.Checking;

/// <summary>
/// Floating-point tokens as the 2023-07 format defines them:
/// <c>[+-]? ( digit* "." digit+ | digit+ "." | digit+ ) ( [Ee] [+-]? digit+ )?</c>. No <c>inf</c>, no
/// <c>nan</c>, no hex: those are compared as strings.
/// </summary>
internal static class FloatToken
{
    private const int MaxLength = 4096;

    public static bool TryParse(ReadOnlySpan<byte> token, out double value, out string text)
    {
        value = 0;
        text = "";
        if (token.Length == 0 || token.Length > MaxLength || !Matches(token))
        {
            return false;
        }

        text = Encoding.ASCII.GetString(token);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool Matches(ReadOnlySpan<byte> s)
    {
        var i = 0;
        if (s[i] is (byte)'+' or (byte)'-')
        {
            i++;
        }

        var before = Digits(s, ref i);
        var after = 0;
        var point = false;
        if (i < s.Length && s[i] == '.')
        {
            point = true;
            i++;
            after = Digits(s, ref i);
        }

        if (before == 0 && after == 0)
        {
            return false;
        }

        _ = point;
        if (i < s.Length && s[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (Digits(s, ref i) == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private static int Digits(ReadOnlySpan<byte> s, ref int i)
    {
        var start = i;
        while (i < s.Length && s[i] is >= (byte)'0' and <= (byte)'9')
        {
            i++;
        }

        return i - start;
    }

    /// <summary>
    /// The format's rule: accept when <c>|s - a| ≤ ε_abs</c> or <c>|s - a| ≤ ε_rel·|a|</c>. Evaluated in
    /// <see cref="decimal"/> when every value fits it comfortably (so 1.1 against 1.0 with ε = 0.1 is
    /// accepted, as the mathematics says), else in <see cref="double"/>.
    /// </summary>
    public static bool WithinTolerance(double answer, string answerText, double output, string outputText, double? absolute, double? relative)
    {
        if (answer.Equals(output))
        {
            return true;
        }

        if (FitsDecimal(answer) && FitsDecimal(output) && ToleranceFitsDecimal(absolute) && ToleranceFitsDecimal(relative)
            && decimal.TryParse(answerText, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(outputText, NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
        {
            var difference = Math.Abs(s - a);
            return (absolute is { } abs && difference <= (decimal)abs)
                || (relative is { } rel && difference <= (decimal)rel * Math.Abs(a));
        }

        var error = Math.Abs(output - answer);
        return (absolute is { } absD && error <= absD) || (relative is { } relD && error <= relD * Math.Abs(answer));
    }

    private static bool ToleranceFitsDecimal(double? epsilon) => epsilon is not { } e || e == 0 || (e >= 1e-20 && e <= 1e15);

    private static bool FitsDecimal(double value) => value == 0 || (Math.Abs(value) >= 1e-10 && Math.Abs(value) <= 1e15);
}
