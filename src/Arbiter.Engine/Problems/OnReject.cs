namespace Arbiter.Engine.Problems;

/// <summary>What judging does within a group after a test or subgroup is rejected.</summary>
public enum OnReject
{
    /// <summary>Stop judging the group's remaining items: they cannot change its result.</summary>
    Break,

    /// <summary>Judge the remaining items too (needed for partial scores).</summary>
    Continue,
}
