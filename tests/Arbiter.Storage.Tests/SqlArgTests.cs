using Arbiter.Storage.Sql;

namespace Arbiter.Storage.Tests;

/// <summary>A statement of a batch gets exactly the shared arguments it names.</summary>
public sealed class SqlArgTests
{
    [Fact]
    public void NamedIn_TakesTheArgumentsAStatementNames_NotThoseThatStartALongerName()
    {
        SqlArg[] args = [SqlArg.Text("id", "a"), SqlArg.Text("idx", "b"), SqlArg.Integer("size", 1), SqlArg.Text("unused", "c")];

        Assert.Equal(["id", "size"], SqlArg.NamedIn("DELETE FROM t WHERE id = @id AND size > @size", args).Select(a => a.Name));
        Assert.Equal(["idx"], SqlArg.NamedIn("SELECT 1 WHERE x = @idx", args).Select(a => a.Name));
        Assert.Equal(["id", "idx"], SqlArg.NamedIn("SELECT @idx, @id", args).Select(a => a.Name));
        Assert.Empty(SqlArg.NamedIn("SELECT 1", args));
    }
}
