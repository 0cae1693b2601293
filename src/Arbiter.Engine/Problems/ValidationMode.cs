namespace Arbiter.Engine.Problems;

/// <summary>How outputs are checked.</summary>
public enum ValidationMode
{
    /// <summary>The default output validator (token comparison, see <c>Checking.DefaultOutputValidator</c>).</summary>
    Default,

    /// <summary>A custom output validator program from <c>output_validators/</c> (or <c>output_validator/</c>).</summary>
    Custom,
}
