namespace Arbiter.Deploy.Pools;

/// <summary>The names images go by: <c>arbiter-api</c> and <c>arbiter-&lt;pool&gt;</c>, tagged with the
/// Arbiter version. The autoscaler starts workers by these names, so they are decided here only.</summary>
public static class ImageNames
{
    public const string Api = "arbiter-api";

    /// <summary>The development database image (Debian's PostgreSQL), for compose and the dev overlay.</summary>
    public const string Postgres = "arbiter-postgres";

    public static string Worker(string pool) => "arbiter-" + pool;

    /// <summary>This program's version without build metadata ("1.0.0", never "1.0.0+abc"):
    /// a tag may not contain '+'.</summary>
    public static string Version
    {
        get
        {
            var informational = typeof(ImageNames).Assembly
                .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
            var version = informational ?? typeof(ImageNames).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }
}
