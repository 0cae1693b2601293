using Arbiter.Engine.Languages;

namespace Arbiter.Server.Features.Compat;

/// <summary>One Arbiter language as the other APIs name it (languages/compat/ids.yaml).</summary>
/// <param name="Language">The Arbiter language.</param>
/// <param name="JobeId">Jobe's <c>language_id</c>.</param>
/// <param name="Judge0Ids">Judge0 CE's numbers, the listed one first; empty: not offered through Judge0.</param>
/// <param name="Judge0Name">Judge0's listed name, with <c>{version}</c> for the probed version.</param>
/// <param name="PistonLanguage">The name Piston's runtimes list.</param>
/// <param name="PistonAliases">Other names Piston's execute accepts.</param>
/// <param name="PistonRuntime">Piston's <c>runtime</c> field, when it names one.</param>
internal sealed record CompatLanguage(
    LanguageSpec Language,
    string JobeId,
    IReadOnlyList<int> Judge0Ids,
    string? Judge0Name,
    string PistonLanguage,
    IReadOnlyList<string> PistonAliases,
    string? PistonRuntime);
