using System.Text;

namespace Arbiter.Server.Features.Compat.Jobe;

/// <summary>
/// Output as Jobe returns it: UTF-8 as is; anything else (not valid UTF-8) with every byte that is
/// not printable ASCII, a newline, a carriage return or a tab written as <c>\xNN</c>, so that the
/// bytes survive in a JSON string and a client can tell them apart.
/// </summary>
internal static class JobeText
{
    public static string Of(string text, string? base64)
    {
        if (base64 is null)
        {
            return text;
        }

        var bytes = Convert.FromBase64String(base64);
        var escaped = new StringBuilder(bytes.Length + 16);
        foreach (var b in bytes)
        {
            if (b is (byte)'\n' or (byte)'\r' or (byte)'\t' || b is >= 0x20 and <= 0x7E)
            {
                escaped.Append((char)b);
            }
            else
            {
                escaped.Append(@"\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }
}
