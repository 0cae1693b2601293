namespace Arbiter.Deploy.Images;

/// <summary>What every generated image shares: the Arbiter version it is tagged with and the
/// default base image (a build argument, so a build can swap it without generating again).</summary>
public sealed record ImageSettings(string Version, string BaseImage = ImageSettings.DefaultBaseImage)
{
    public const string DefaultBaseImage = "debian:bookworm-slim";

    /// <summary>The port the service listens on inside every container.</summary>
    public const int Port = 8080;

    /// <summary>Where the published program lives in the images.</summary>
    public const string ProgramDirectory = "/opt/arbiter";

    /// <summary>The data directory inside the images (build cache, SQLite when used).</summary>
    public const string DataDirectory = "/var/lib/arbiter";

    /// <summary>The uid the API runs as: it needs no privilege at all.</summary>
    public const int ApiUid = 10001;

    /// <summary>Debian packages every worker needs beside its toolchains: the launcher links
    /// libseccomp; TLS to PostgreSQL and to callback URLs needs OpenSSL and the CA bundle.</summary>
    public static IReadOnlyList<string> WorkerRuntimePackages { get; } = ["libseccomp2", "libssl3", "ca-certificates"];

    /// <summary>Debian packages the API needs: TLS only.</summary>
    public static IReadOnlyList<string> ApiRuntimePackages { get; } = ["libssl3", "ca-certificates"];
}
