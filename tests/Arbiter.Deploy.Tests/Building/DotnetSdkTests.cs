using System.Diagnostics;
using Arbiter.Deploy.Building;

namespace Arbiter.Deploy.Tests.Building;

/// <summary>The SDK parts a worker image of C#, Visual Basic or F# gets: laid over the runtime's
/// copy as the image's layers lay them, they compile and run a program, and nothing of the SDK
/// beyond the parts asked for comes along.</summary>
public sealed class DotnetSdkTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("arbiter-sdk-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task CopyInto_LaidOverTheRuntime_CompilesAndRunsACSharpProgram_WithOnlyThePartsAskedFor()
    {
        var image = Path.Combine(_work.FullName, "usr-share-dotnet");
        var context = Path.Combine(_work.FullName, "dotnet-sdk");
        DotnetRuntime.CopyInto(image);
        DotnetSdk.CopyInto(context, ["Roslyn"]);
        // What the Containerfile's COPY steps do: each folder of the context onto the image's root.
        foreach (var layer in Directory.GetDirectories(context))
        {
            CopyOnto(layer, image);
        }

        var sdk = Directory.GetDirectories(Path.Combine(image, "sdk")).Single();
        Assert.Equal(["Roslyn"], Directory.GetDirectories(sdk).Select(Path.GetFileName));
        var references = Directory.GetDirectories(Path.Combine(image, "packs", "Microsoft.NETCore.App.Ref")).Single();
        var referenceDlls = Directory.GetFiles(Path.Combine(references, "ref"), "*.dll", SearchOption.AllDirectories);
        var source = Path.Combine(_work.FullName, "Program.cs");
        await File.WriteAllTextAsync(source, "System.Console.WriteLine(6 * 7);\n", TestContext.Current.CancellationToken);
        var program = Path.Combine(_work.FullName, "main.dll");

        var (compiled, compilerOutput) = await RunAsync(image, [Path.Combine(sdk, "Roslyn", "bincore", "csc.dll"), "-nologo", "-out:" + program,
            .. referenceDlls.Select(r => "-r:" + r), source]);
        Assert.True(compiled == 0, compilerOutput);
        var runtime = Path.GetFileName(Directory.GetDirectories(Path.Combine(image, "shared", "Microsoft.NETCore.App")).Single());
        await File.WriteAllTextAsync(Path.ChangeExtension(program, ".runtimeconfig.json"),
            "{\"runtimeOptions\":{\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + runtime + "\"}}}",
            TestContext.Current.CancellationToken);
        var (ran, output) = await RunAsync(image, [program]);

        Assert.Equal((0, "42\n"), (ran, output));
    }

    [Fact]
    public void CopyInto_APartTheSdkHasNot_SaysWhichAndWhy()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DotnetSdk.CopyInto(Path.Combine(_work.FullName, "out"), ["Roslyn", "NoSuchCompiler"]));

        Assert.Contains("NoSuchCompiler", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/Roslyn", error.Message, StringComparison.Ordinal);
        Assert.Contains("build host", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work.FullName, "out")), "nothing is copied when a part is missing");
    }

    private static void CopyOnto(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    /// <summary>Runs the copied <c>dotnet</c> host with only the copy as its root.</summary>
    private static async Task<(int Code, string Output)> RunAsync(string root, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(root, "dotnet")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_ROOT"] = root;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await errors);
    }
}
