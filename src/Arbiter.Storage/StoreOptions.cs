using System.ComponentModel.DataAnnotations;

namespace Arbiter.Storage;

/// <summary>Where the service keeps its data. Bound from the "Storage" section.</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Storage";

    /// <summary>"sqlite" (default: a file in the data directory) or "postgres".</summary>
    [Required]
    [RegularExpression("^(sqlite|postgres)$")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>For SQLite, a path to the database file (default: arbiter.db in the data
    /// directory); for PostgreSQL, an Npgsql connection string.</summary>
    public string? ConnectionString { get; set; }
}
