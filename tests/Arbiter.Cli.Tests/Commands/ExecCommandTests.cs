using System.Text.Json;

namespace Arbiter.Cli.Tests.Commands;

public sealed class ExecCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("arbiter-cli-test-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task Exec_EchoWithJson_ReportsOkOutputAndMeasurements()
    {
        var run = await Cli.RunAsync("exec", "--json", "--", "/bin/echo", "hi");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("OK", json.GetProperty("status").GetString());
        Assert.Equal(0, json.GetProperty("exitCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("signal").ValueKind);
        Assert.Equal("None", json.GetProperty("limitExceeded").GetString());
        Assert.Equal("hi\n", json.GetProperty("stdout").GetString());
        Assert.Equal("", json.GetProperty("stderr").GetString());
        Assert.True(json.GetProperty("cpuTimeMs").GetDouble() >= 0);
        Assert.True(json.GetProperty("wallTimeMs").GetDouble() > 0);
        Assert.True(json.GetProperty("memoryKiB").GetInt64() > 0);
    }

    [Fact]
    public async Task Exec_EchoWithoutJson_PassesOutputThroughAndSummarisesOnStderr()
    {
        var run = await Cli.RunAsync("exec", "--", "/bin/echo", "hi");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hi\n", run.StdoutText);
        Assert.StartsWith("arbiter: OK  exit 0  cpu ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_ProgramExitsThree_ExitsOneAndSaysWhy()
    {
        var run = await Cli.RunAsync("exec", "--", "/bin/sh", "-c", "exit 3");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("RE  exit 3", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_BusyLoop_IsCpuTimeLimit()
    {
        // A generous wall limit, so a loaded machine cannot turn this into a wall-time TLE.
        var run = await Cli.RunAsync("exec", "--json", "--cpu-time", "0.3", "--wall-time", "10", "--", "/bin/sh", "-c", "while :; do :; done");

        Assert.True(run.ExitCode == 1, run.ToString());
        var json = run.Json();
        Assert.Equal("TLE", json.GetProperty("status").GetString());
        Assert.Equal("CpuTime", json.GetProperty("limitExceeded").GetString());
        Assert.True(json.GetProperty("cpuTimeMs").GetDouble() >= 300, run.ToString());
    }

    [Fact]
    public async Task Exec_ZeroMemory_IsUsageErrorNamingTheLimit()
    {
        var run = await Cli.RunAsync("exec", "--memory", "0", "--", "/bin/true");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Stdout);
        Assert.Contains("--memory must be a positive number (got 0)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_NegativeCpuTime_IsUsageErrorNamingTheLimit()
    {
        var run = await Cli.RunAsync("exec", "--cpu-time", "-1", "--", "/bin/true");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--cpu-time must be a positive number of seconds (got -1)", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exec")]
    [InlineData("exec", "--json")]
    [InlineData("exec", "--json", "--")]
    public async Task Exec_MissingCommand_IsUsageError(params string[] arguments)
    {
        var run = await Cli.RunAsync(arguments);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Stdout);
        Assert.Contains("arbiter exec --help", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_MissingStdinFile_IsUsageError()
    {
        var missing = Path.Combine(_temp.FullName, "missing-file");

        var run = await Cli.RunAsync("exec", "--stdin", missing, "--", "/bin/cat");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_StdinFile_IsWhatTheProgramReads()
    {
        var input = Path.Combine(_temp.FullName, "input.txt");
        await File.WriteAllTextAsync(input, "3 4\nsecond line\n", TestContext.Current.CancellationToken);

        var run = await Cli.RunAsync("exec", "--json", "--stdin", input, "--", "/bin/cat");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("3 4\nsecond line\n", run.Json().GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task Exec_ExecutableFile_IsCopiedWithItsExecBitAndRuns()
    {
        var script = await WriteScriptAsync("greet.sh", executable: true);

        var run = await Cli.RunAsync("exec", "--json", "--file", script, "--", "./greet.sh", "arbiter");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("OK", json.GetProperty("status").GetString());
        Assert.Equal("hello arbiter from /box\n", json.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task Exec_FileWithoutExecBit_IsCopiedButCannotBeExecuted()
    {
        var script = await WriteScriptAsync("greet.sh", executable: false);

        var run = await Cli.RunAsync("exec", "--json", "--file", script, "--", "./greet.sh");

        Assert.True(run.ExitCode == 1, run.ToString());
        var json = run.Json();
        Assert.Equal("RE", json.GetProperty("status").GetString());
        Assert.Contains("cannot execute './greet.sh'", json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_MissingFileToCopy_IsUsageError()
    {
        var missing = Path.Combine(_temp.FullName, "nope.sh");

        var run = await Cli.RunAsync("exec", "--file", missing, "--", "./nope.sh");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("nope.sh", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_InvalidUtf8Output_StillGivesValidJson()
    {
        var run = await Cli.RunAsync("exec", "--json", "--", "/usr/bin/printf", @"\377\376ok");

        Assert.True(run.ExitCode == 0, run.ToString());
        _ = run.StdoutText; // throws if the JSON itself is not UTF-8
        Assert.Equal("\uFFFD\uFFFDok", run.Json().GetProperty("stdout").GetString());
    }

    private async Task<string> WriteScriptAsync(string name, bool executable)
    {
        var path = Path.Combine(_temp.FullName, name);
        await File.WriteAllTextAsync(path, "#!/bin/sh\necho \"hello $1 from $(pwd)\"\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(path, executable
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    [Fact]
    public async Task Exec_MemoryThatWouldOverflow_IsUsageErrorNotASilentDefault()
    {
        var run = await Cli.RunAsync("exec", "--json", "--memory", "17592186044672", "--", "/bin/true");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--memory must be a positive number (got 17592186044672)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_MaximumCpuTime_IsAcceptedWithTheWallLimitCappedToItsMaximum()
    {
        var run = await Cli.RunAsync("exec", "--json", "--cpu-time", "600", "--", "/bin/true");

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("-x")]
    public async Task Exec_UnknownOptionBeforeTheProgram_IsUsageErrorAndRunsNothing(string option)
    {
        var run = await Cli.RunAsync("exec", option, "--", "/bin/echo", "ran");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Stdout);
        Assert.Contains($"unknown option '{option}'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_DashedWordsAfterDoubleDash_AreTheProgramsArguments()
    {
        var run = await Cli.RunAsync("exec", "--json", "--", "/bin/echo", "--bogus", "-x");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("--bogus -x\n", run.Json().GetProperty("stdout").GetString());
    }

    [Theory]
    [InlineData("--memory", "abc", "--memory must be a whole number (got 'abc')")]
    [InlineData("--processes", "1.5", "--processes must be a whole number (got '1.5')")]
    [InlineData("--output", "lots", "--output must be a whole number (got 'lots')")]
    [InlineData("--cpu-time", "x", "--cpu-time must be a number (got 'x')")]
    [InlineData("--wall-time", "1s", "--wall-time must be a number (got '1s')")]
    public async Task Exec_NonNumericLimit_IsUsageErrorInPlainWords(string option, string value, string message)
    {
        var run = await Cli.RunAsync("exec", option, value, "--", "/bin/true");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_WallTime_EndsASleeperAsWallTimeLimit()
    {
        var run = await Cli.RunAsync("exec", "--json", "--wall-time", "0.5", "--", "/bin/sleep", "30");

        Assert.True(run.ExitCode == 1, run.ToString());
        var json = run.Json();
        Assert.Equal("TLE", json.GetProperty("status").GetString());
        Assert.Equal("WallTime", json.GetProperty("limitExceeded").GetString());
    }

    [Fact]
    public async Task Exec_CpuTimeWithoutWallTime_TakesTheOneWallRuleOfApiAndJudge()
    {
        // 2 s of CPU gives 3 × 2 + 1 = 7 s of wall time, as the API and the judge give it; the
        // CLI's own old rule (2 × CPU + 1 s = 5 s) ended this 6 s sleeper as TLE.
        var run = await Cli.RunAsync("exec", "--json", "--cpu-time", "2", "--", "/bin/sleep", "6");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("OK", run.Json().GetProperty("status").GetString());
    }

    [Fact]
    public async Task Exec_Output_CapsStdoutAsOutputLimit()
    {
        var run = await Cli.RunAsync("exec", "--json", "--output", "4", "--", "/usr/bin/yes");

        Assert.True(run.ExitCode == 1, run.ToString());
        var json = run.Json();
        Assert.Equal("OLE", json.GetProperty("status").GetString());
        Assert.Equal("Output", json.GetProperty("limitExceeded").GetString());
        Assert.InRange(json.GetProperty("stdout").GetString()!.Length, 1, 4096);
    }

    [Fact]
    public async Task Exec_Processes_LimitsHowManyRunAtOnce()
    {
        // The shell itself plus two sleepers fill a limit of 3; the third fork fails.
        var run = await Cli.RunAsync("exec", "--json", "--processes", "3", "--", "/bin/sh", "-c", "sleep 1 & sleep 1 & sleep 1 & wait");

        var json = run.Json();
        Assert.True(json.GetProperty("processLimitReached").GetBoolean(), run.ToString());
        Assert.Contains("fork", json.GetProperty("stderr").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Exec_Network_IsOffUnlessAskedFor()
    {
        const string Probe = "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM); print('inet socket')";

        var off = await Cli.RunAsync("exec", "--json", "--", "/usr/bin/python3", "-c", Probe);
        var on = await Cli.RunAsync("exec", "--json", "--network", "--", "/usr/bin/python3", "-c", Probe);

        Assert.True(off.ExitCode == 1, off.ToString());
        Assert.Contains("PermissionError", off.Json().GetProperty("stderr").GetString(), StringComparison.Ordinal);
        Assert.True(on.ExitCode == 0, on.ToString());
        Assert.Equal("inet socket\n", on.Json().GetProperty("stdout").GetString());
    }
}
