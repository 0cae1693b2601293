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

    /// <summary>The arguments of <paramref name="args"/> that <paramref name="sql"/> names (as
    /// <c>@name</c>, not as the start of a longer name), for a statement of a batch that shares them.</summary>
    public static SqlArg[] NamedIn(string sql, SqlArg[] args) => [.. args.Where(a => Names(sql, a.Name))];

    private static bool Names(string sql, string name)
    {
        var token = "@" + name;
        for (var at = sql.IndexOf(token, StringComparison.Ordinal); at >= 0; at = sql.IndexOf(token, at + 1, StringComparison.Ordinal))
        {
            var end = at + token.Length;
            if (end == sql.Length || !(char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_'))
            {
                return true;
            }
        }

        return false;
    }
}
