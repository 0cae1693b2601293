namespace Arbiter.Storage;

/// <summary>Builds the configured store. The caller runs <see cref="IArbiterStore.MigrateAsync"/>
/// once at start-up before using it.</summary>
public static class StoreFactory
{
    /// <summary>The SQLite file name used when no path is configured.</summary>
    public const string DefaultSqliteFileName = "arbiter.db";

    /// <summary>
    /// A <see cref="SqliteStore"/> (provider "sqlite": <see cref="StoreOptions.ConnectionString"/>
    /// is a file path, relative paths under <paramref name="dataDirectory"/>, default
    /// <c>&lt;dataDirectory&gt;/arbiter.db</c>; the file's directory is created) or a
    /// <see cref="PostgresStore"/> (provider "postgres": an Npgsql connection string, required).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown provider, or postgres without a connection string.</exception>
    /// <exception cref="StoreUnavailableException">A malformed PostgreSQL connection string or an
    /// SQLite directory that cannot be created.</exception>
    public static IArbiterStore Create(StoreOptions options, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        switch (options.Provider?.Trim().ToLowerInvariant())
        {
            case "sqlite" or null or "":
                var path = Path.GetFullPath(Path.Combine(dataDirectory, string.IsNullOrWhiteSpace(options.ConnectionString) ? DefaultSqliteFileName : options.ConnectionString));
                var directory = Path.GetDirectoryName(path)!;
                try
                {
                    Directory.CreateDirectory(directory);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new StoreUnavailableException($"SQLite store: cannot create the directory '{directory}' for '{path}': {ex.Message}", ex);
                }

                return new SqliteStore(path);
            case "postgres":
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new ArgumentException($"PostgreSQL store: set {StoreOptions.SectionName}:ConnectionString (environment ARBITER__STORAGE__CONNECTIONSTRING) " +
                        $"to an Npgsql connection string.");
                }

                return new PostgresStore(options.ConnectionString);
            default:
                throw new ArgumentException($"unknown storage provider '{options.Provider}'; use 'sqlite' or 'postgres'");
        }
    }
}
