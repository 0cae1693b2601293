namespace Arbiter.Storage.Sql;

/// <summary>A named statement argument (written without the @) and how to bind it.</summary>
internal readonly record struct SqlArg(string Name, object? Value, SqlArgKind Kind)
{
    public static SqlArg Text(string name, string? value) => new(name, value, SqlArgKind.Text);

    public static SqlArg Integer(string name, long? value) => new(name, value, SqlArgKind.Integer);

    public static SqlArg Real(string name, double? value) => new(name, value, SqlArgKind.Real);

    public static SqlArg Time(string name, DateTimeOffset? value) => new(name, value, SqlArgKind.Time);

    public static SqlArg Boolean(string name, bool value) => new(name, value, SqlArgKind.Boolean);

    public static SqlArg Bytes(string name, byte[]? value) => new(name, value, SqlArgKind.Bytes);

    public static SqlArg TextList(string name, IReadOnlyCollection<string> values) => new(name, values, SqlArgKind.TextList);
}
