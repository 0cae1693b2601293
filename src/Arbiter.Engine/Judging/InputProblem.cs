namespace Arbiter.Engine.Judging;

/// <summary>One input a validator rejected (or failed on); <paramref name="Test"/> is null when
/// the validator itself could not be built.</summary>
public sealed record InputProblem(string Validator, string? Test, string Message);
