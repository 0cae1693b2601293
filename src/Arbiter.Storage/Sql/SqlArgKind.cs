namespace Arbiter.Storage.Sql;

/// <summary>How a <see cref="SqlArg"/> is bound; each gateway maps these to its own types.</summary>
internal enum SqlArgKind
{
    Text,
    Integer,
    Real,
    Time,
    Boolean,
    Bytes,

    /// <summary>A list of strings, for <see cref="ISqlGateway.InList"/>.</summary>
    TextList,
}
