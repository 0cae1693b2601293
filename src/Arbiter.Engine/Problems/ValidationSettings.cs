using Arbiter.Engine.Checking;

namespace Arbiter.Engine.Problems;

/// <summary>How a package's outputs are validated.</summary>
/// <param name="Mode">Default or custom validator.</param>
/// <param name="Interactive">The validator talks to the submission over pipes (legacy <c>validation: custom interactive</c>, 2023-07 <c>type: interactive</c>).</param>
/// <param name="MultiPass">The submission runs again on the validator's <c>nextpass.in</c> (2023-07 <c>type: multi-pass</c>).</param>
/// <param name="ValidatorScores">The validator writes <c>score.txt</c> (legacy <c>validation: custom score</c>; 2023-07 scoring problems with a custom validator).</param>
/// <param name="ValidatorFlags">Problem-level <c>validator_flags</c>, split on whitespace; groups may add their own arguments.</param>
/// <param name="DefaultOptions">The default validator's options parsed from <see cref="ValidatorFlags"/>; null for custom validation.</param>
public sealed record ValidationSettings(
    ValidationMode Mode,
    bool Interactive,
    bool MultiPass,
    bool ValidatorScores,
    IReadOnlyList<string> ValidatorFlags,
    DefaultValidatorOptions? DefaultOptions);
