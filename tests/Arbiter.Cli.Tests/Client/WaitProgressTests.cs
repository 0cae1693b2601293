using Arbiter.Cli.Client;

namespace Arbiter.Cli.Tests.Client;

/// <summary>Waiting for a verdict: a line per status change in logs, a backoff that levels off.</summary>
public sealed class WaitProgressTests
{
    [Fact]
    public void NotATerminal_WritesOneLinePerStatusChange()
    {
        using var writer = new StringWriter();
        var progress = new WaitProgress(writer, interactive: false, TimeProvider.System);

        progress.Show("Queued", 2);
        progress.Show("Queued", 1);
        progress.Show("Queued", 0);
        progress.Show("Running", null);
        progress.Done();

        Assert.Equal("arbiter: Queued, 2 ahead\narbiter: Running\n", writer.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void NotATerminal_SaysWhyASubmissionWaits_WhenTheReasonAppearsOrGoes()
    {
        using var writer = new StringWriter();
        var progress = new WaitProgress(writer, interactive: false, TimeProvider.System);

        progress.Show("Queued", 0, "no live worker offers language 'java'");
        progress.Show("Queued", 0, "no live worker offers language 'java'");
        progress.Show("Queued", 0);
        progress.Show("Running", null);
        progress.Done();

        Assert.Equal(
            "arbiter: Queued, waiting: no live worker offers language 'java'\narbiter: Queued, next in line\narbiter: Running\n",
            writer.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Terminal_RedrawsOneLineAndErasesIt()
    {
        using var writer = new StringWriter();
        var progress = new WaitProgress(writer, interactive: true, TimeProvider.System);

        progress.Show("Queued", 0);
        progress.Show("Running", null);
        progress.Done();

        var text = writer.ToString();
        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        Assert.Contains("Queued, next in line", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\u001b[K", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_GrowsFromTheFirstDelayToTheLongestAndStaysThere()
    {
        var delays = new List<TimeSpan> { SubmissionWaiter.FirstDelay };
        for (var i = 0; i < 10; i++)
        {
            delays.Add(SubmissionWaiter.Next(delays[^1]));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), delays[0]);
        Assert.True(delays.Zip(delays.Skip(1)).All(pair => pair.Second >= pair.First));
        Assert.Equal(SubmissionWaiter.LongestDelay, delays[^1]);
        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromSeconds(1)));
    }
}
