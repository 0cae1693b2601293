namespace Arbiter.Engine.Judging;

/// <summary>What the input validators found: how many ran over how many tests, each rejection or
/// failure, and validators that could not be run.</summary>
public sealed record InputValidationReport(int Validators, int Tests, IReadOnlyList<InputProblem> Problems, IReadOnlyList<string> Warnings)
{
    public static InputValidationReport None { get; } = new(0, 0, [], []);
}
