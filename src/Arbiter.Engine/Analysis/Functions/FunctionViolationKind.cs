namespace Arbiter.Engine.Analysis.Functions;

/// <summary>Which rule a submission broke.</summary>
public enum FunctionViolationKind
{
    /// <summary>It calls a banned function.</summary>
    BannedFunction,

    /// <summary>It calls a function outside the allowed-only list.</summary>
    FunctionNotAllowed,

    /// <summary>Its source contains a banned keyword.</summary>
    BannedKeyword,
}
