namespace Arbiter.Engine.Scoring;

/// <summary>The result of one test group.</summary>
/// <param name="Path">Path relative to <c>data/</c> (empty for the root).</param>
/// <param name="Verdict">The group's verdict, or null when its tests were not all judged and none failed.</param>
/// <param name="Score">The group's score (0 for groups that are not scored).</param>
/// <param name="MaxScore">The group's maximum score (<see cref="double.PositiveInfinity"/> when unbounded).</param>
/// <param name="Points">Arbiter points declared for the group, if any.</param>
/// <param name="Tests">Test cases in the group and below; for the root, without a sample group
/// that <c>ignore_sample</c> leaves out (as are its score and maximum; in 2023-07 the samples
/// are left out of the root's score and maximum only, since they still decide the verdict).</param>
/// <param name="Passed">Of those, how many were accepted.</param>
/// <param name="Judged">Of those, how many have a result (the rest were skipped).</param>
public sealed record GroupScore(string Path, Verdict? Verdict, double Score, double MaxScore, double? Points, int Tests, int Passed, int Judged);
