namespace Arbiter.Engine.Problems;

/// <summary>
/// A test group's effective settings, read from <c>testdata.yaml</c> (legacy and early 2023-07 drafts)
/// or <c>test_group.yaml</c> (later drafts) and Arbiter's <c>points</c>.
/// <para>Inheritance: a legacy group without a settings file uses its closest ancestor's file whole;
/// a 2023-07 group inherits validator arguments, <c>full_feedback</c> and <c>hint</c> key by key
/// but never <c>scoring</c>.</para>
/// </summary>
public sealed record TestGroupSettings
{
    /// <summary>The settings file these came from (relative to the package), or null for defaults.</summary>
    public string? SourceFile { get; init; }

    /// <summary>Whether to keep judging the group after a rejection. When a package does not say,
    /// Arbiter uses <c>continue</c> for groups that sum scores in a scored problem (so partial scores
    /// survive) and <c>break</c> otherwise.</summary>
    public OnReject OnReject { get; init; } = OnReject.Break;

    /// <summary>Whether <see cref="OnReject"/> was written in the package rather than defaulted.</summary>
    public bool OnRejectExplicit { get; init; }

    /// <summary>How the group's score is aggregated.</summary>
    public Aggregation Aggregation { get; init; } = Aggregation.Sum;

    /// <summary>Whether <see cref="Aggregation"/> was written in the package rather than defaulted.</summary>
    public bool AggregationExplicit { get; init; }

    /// <summary>How the group's verdict is aggregated.</summary>
    public VerdictMode VerdictMode { get; init; } = VerdictMode.FirstError;

    /// <summary>Legacy <c>accept_if_any_accepted</c>.</summary>
    public bool AcceptIfAnyAccepted { get; init; }

    /// <summary>Legacy <c>ignore_sample</c> (root only): the sample group does not affect the verdict.</summary>
    public bool IgnoreSample { get; init; }

    /// <summary>Declared maximum score: Arbiter <c>points</c>, else 2023-07 <c>scoring.score</c>
    /// (<see cref="double.PositiveInfinity"/> for <c>unbounded</c>); null when inferred.</summary>
    public double? MaxScore { get; init; }

    /// <summary>Arbiter <c>points</c> for this group, if given.</summary>
    public double? Points { get; init; }

    /// <summary>Legacy <c>accept_score</c>: score of an accepted test without <c>score.txt</c> when
    /// the group's maximum is not declared (default 1).</summary>
    public double? AcceptScore { get; init; }

    /// <summary>Legacy <c>reject_score</c>: score of a rejected test (default 0).</summary>
    public double? RejectScore { get; init; }

    /// <summary>Legacy <c>range</c>, exposed as written.</summary>
    public ScoreRange? Range { get; init; }

    /// <summary>Legacy <c>grading: custom</c>: a grader program is asked for (not supported; reported as a warning).</summary>
    public bool CustomGrading { get; init; }

    /// <summary>Arguments for the output validator for tests in this group (problem <c>validator_flags</c>
    /// first, then legacy <c>output_validator_flags</c> or 2023-07 <c>output_validator_args</c>).</summary>
    public IReadOnlyList<string> OutputValidatorArgs { get; init; } = [];

    /// <summary>Arguments for input validators (legacy <c>input_validator_flags</c>, 2023-07 <c>input_validator_args</c>).</summary>
    public IReadOnlyList<string> InputValidatorArgs { get; init; } = [];

    /// <summary>2025-09 <c>input_validator_args</c> given as a map: each named input validator's
    /// own arguments (validators not named get none); null when the arguments are for all.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? InputValidatorArgsByName { get; init; }

    /// <summary>2025-09 <c>args</c>: the submission's command-line arguments for the group's tests.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>2023-07 <c>require_pass</c>: test or group paths that must pass before this group is scored.</summary>
    public IReadOnlyList<string> RequirePass { get; init; } = [];

    /// <summary>2023-07 <c>full_feedback</c>: show input, output and expected output on failure
    /// (default true in <c>sample</c>, false in <c>secret</c>).</summary>
    public bool FullFeedback { get; init; }
}
