using Arbiter.Engine.Analysis.Diagnostics;
using Arbiter.Engine.Languages;

namespace Arbiter.Engine.Building;

/// <summary>A build's compiler output read as diagnostics, with the parser the language names.</summary>
public static class CompilerDiagnostics
{
    public static DiagnosticList Of(BuildResult build, LanguageSpec language)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(language);
        var format = language.Compile?.Diagnostics switch
        {
            "gcc-json" => DiagnosticFormat.GccJson,
            "rustc-json" => DiagnosticFormat.RustcJson,
            _ => DiagnosticFormat.Text,
        };
        return build.CompilerOutput.Length == 0 ? DiagnosticList.Empty : DiagnosticParser.Parse(build.CompilerOutput, format);
    }
}
