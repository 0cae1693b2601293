namespace Arbiter.Engine.Languages;

/// <summary>A language file is malformed; the message names the file and the problem.</summary>
public sealed class LanguageSpecException : Exception
{
    public LanguageSpecException()
    {
    }

    public LanguageSpecException(string message)
        : base(message)
    {
    }

    public LanguageSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
