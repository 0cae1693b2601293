using Arbiter.Engine.Judging;
using Arbiter.Storage;

namespace Arbiter.Server.Jobs;

/// <summary>
/// Passes a judging's stages on to the job's progress while the engine judges: Compiling is
/// reported by the worker before the judging starts; after the compile the job is Running (with
/// "compile error" when the compile failed). <see cref="JobProgress"/> keeps them in order and
/// writes them with the completion or once its hold-back ends.
/// </summary>
internal sealed class JudgeStageRecorder(JobProgress progress) : IProgress<JudgeStage>
{
    public void Report(JudgeStage value)
    {
        if (value == JudgeStage.Compiling)
        {
            return;
        }

        progress.Report(SubmissionStatus.Running, value == JudgeStage.CompileFailed ? "compile error" : null);
    }
}
