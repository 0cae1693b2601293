using Arbiter.Engine.Running;
using Arbiter.Storage;

namespace Arbiter.Server.Jobs;

/// <summary>
/// Passes a playground run's stages on to the job's progress while the engine builds and runs:
/// Compiling is reported by the worker before the run starts; the job is Running once the
/// program is about to run. <see cref="JobProgress"/> keeps them in order and writes them with
/// the completion or once its hold-back ends.
/// </summary>
internal sealed class RunStageRecorder(JobProgress progress) : IProgress<RunStage>
{
    public void Report(RunStage value)
    {
        if (value == RunStage.Running)
        {
            progress.Report(SubmissionStatus.Running, null);
        }
    }
}
