namespace Arbiter.Engine.Problems;

/// <summary>The legacy <c>range</c> of possible scores of a group (bounds may be infinite).</summary>
public sealed record ScoreRange(double Min, double Max);
