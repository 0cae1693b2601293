using System.Text;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>A custom validator gets the test's input and answer in its work dir: a test larger
/// than the sandbox's default work dir (64 MiB) must still be judged, not crash the judge with a
/// refused sandbox request.</summary>
[Collection(SharedEngine.Name)]
public sealed class LargeTestDataTests(EngineFixture fixture)
{
    [Fact]
    public async Task Judge_TestLargerThanTheDefaultWorkDir_IsCheckedByTheCustomValidator()
    {
        using var package = new TempPackage()
            .Write("problem.yaml", "name: Big\nvalidation: custom\nlimits:\n  time_limit: 2\n")
            .Write("output_validators/check.py", "import os, sys\nsys.exit(42 if os.path.getsize(sys.argv[1]) > (64 << 20) and sys.stdin.read().strip() == 'ok' else 43)\n")
            .Test("secret/1", "", "ok\n");
        using (var input = File.OpenWrite(Path.Combine(package.Root, "data", "secret", "1.in")))
        {
            input.SetLength(72L << 20);
        }

        using var loaded = ProblemLoader.Load(package.Root);
        var submission = "#include <stdio.h>\nint main(void) { puts(\"ok\"); return 0; }\n";

        var result = await fixture.Judge().JudgeAsync(
            loaded,
            fixture.Language("c"),
            Encoding.UTF8.GetBytes(submission),
            JudgeOptions.Default,
            TestContext.Current.CancellationToken);

        Assert.True(result.Verdict == Verdict.AC, $"{result.Verdict} ({result.Message})");
    }
}
