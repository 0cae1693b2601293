using System.Diagnostics;
using Arbiter.Deploy.Building;

namespace Arbiter.Deploy.Tests.Building;

/// <summary>The runtime the images get: copied from this host's .NET, complete enough to run the
/// program (both shared frameworks at the version this process runs on), and nothing else.</summary>
public sealed class DotnetRuntimeTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "arbiter-runtime-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public async Task CopyInto_GivesADotnetThatListsBothFrameworks_AndNoSdk()
    {
        DotnetRuntime.CopyInto(_output);

        Assert.False(Directory.Exists(Path.Combine(_output, "sdk")), "the SDK stays on the build host");
        var info = new ProcessStartInfo(Path.Combine(_output, "dotnet")) { RedirectStandardOutput = true, ArgumentList = { "--list-runtimes" } };
        info.Environment["DOTNET_ROOT"] = _output;
        using var process = Process.Start(info)!;
        var listed = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Contains($"Microsoft.NETCore.App {Environment.Version.ToString(3)} [{_output}/shared/Microsoft.NETCore.App]", listed, StringComparison.Ordinal);
        Assert.Contains("Microsoft.AspNetCore.App ", listed, StringComparison.Ordinal);
    }

    [Fact]
    public void CopyInto_AFolderWithoutBothFrameworks_SaysWhatIsMissing()
    {
        var root = Path.Combine(_output, "not-dotnet");
        Directory.CreateDirectory(Path.Combine(root, "shared", "Microsoft.NETCore.App", Environment.Version.ToString(3)));
        File.WriteAllText(Path.Combine(root, "dotnet"), "");

        var error = Assert.ThrowsAny<Exception>(() => DotnetRuntime.CopyInto(Path.Combine(_output, "copy"), root));

        Assert.Contains("Microsoft.AspNetCore.App", error.Message, StringComparison.Ordinal);
    }
}
