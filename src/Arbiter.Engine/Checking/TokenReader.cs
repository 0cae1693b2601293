namespace Arbiter.Engine.Checking;

/// <summary>
/// Reads a stream as bytes for the default validator, keeping only a fixed buffer in memory and
/// tracking the line (and token within the line) for messages.
/// </summary>
internal sealed class TokenReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _position;
    private int _length;
    private bool _eof;

    /// <summary>1-based line of the next byte.</summary>
    public int Line { get; private set; } = 1;

    /// <summary>Tokens started on the current line so far.</summary>
    public int TokenInLine { get; private set; }

    /// <summary>Whitespace per the format: space, form feed, line feed, carriage return, tab, vertical tab.</summary>
    public static bool IsSpace(int b) => b is 0x20 or 0x0c or 0x0a or 0x0d or 0x09 or 0x0b;

    public int Peek()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position];
    }

    public int Read()
    {
        var b = Peek();
        if (b >= 0)
        {
            _position++;
            if (b == '\n')
            {
                Line++;
                TokenInLine = 0;
            }
        }

        return b;
    }

    public void SkipSpace()
    {
        while (IsSpace(Peek()))
        {
            Read();
        }
    }

    /// <summary>
    /// Reads the rest of the current token (or the next <paramref name="into"/>.Length bytes of it);
    /// returns the count and whether the token ended within them.
    /// </summary>
    public (int Count, bool Complete) ReadToken(byte[] into)
    {
        var count = 0;
        while (count < into.Length)
        {
            var b = Peek();
            if (b < 0 || IsSpace(b))
            {
                return (count, true);
            }

            into[count++] = (byte)b;
            _position++;
        }

        var next = Peek();
        return (count, next < 0 || IsSpace(next));
    }

    public void StartToken() => TokenInLine++;

    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        _length = stream.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        _eof = _length == 0;
        return !_eof;
    }
}
