using Arbiter.Engine.Judging;
using Arbiter.Storage;

namespace Arbiter.Server.Workers;

/// <summary>
/// Records a judging's stages as the job's status while the engine judges. The engine reports
/// synchronously; each record is chained after the one before, so the store sees them in order,
/// and <see cref="FlushAsync"/> lets the job wait for them (and see their errors) before it completes.
/// </summary>
internal sealed class JudgeStageRecorder(Func<SubmissionStatus, string?, Task> record) : IProgress<JudgeStage>
{
    private readonly Lock _gate = new();
    private Task _pending = Task.CompletedTask;

    public void Report(JudgeStage value)
    {
        // Compiling is recorded by the worker before the judging starts.
        if (value == JudgeStage.Compiling)
        {
            return;
        }

        var detail = value == JudgeStage.CompileFailed ? "compile error" : null;
        lock (_gate)
        {
            _pending = ThenAsync(_pending, detail);
        }
    }

    public Task FlushAsync()
    {
        lock (_gate)
        {
            return _pending;
        }
    }

    private async Task ThenAsync(Task previous, string? detail)
    {
        await previous.ConfigureAwait(false);
        await record(SubmissionStatus.Running, detail).ConfigureAwait(false);
    }
}
