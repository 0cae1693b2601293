using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;

namespace Arbiter.Engine.Judging;

/// <summary>
/// The one rule for a package's time limit, used by <c>arbiter judge</c>, <c>arbiter problem
/// verify</c> and the service alike: the package's own (<c>limits.time_limit</c> or
/// <c>.timelimit</c>); else one calibrated from its example submissions
/// (<see cref="TimeLimitCalibrator"/>), which costs a run of every accepted and
/// time_limit_exceeded submission and is therefore kept: in memory per loaded package, and on disk
/// by the package's content hash (with the identity of the toolchains that ran the
/// submissions), so neither the next <c>judge</c> call nor another worker process calibrates the
/// same package again. A calibration that finds no limit is not kept (the package is broken, or a
/// toolchain was missing); such a package is judged with <see cref="TestLimits.Fallback"/>.
/// </summary>
/// <param name="calibrator">Finds a limit from the package's example submissions.</param>
/// <param name="languages">Which language each example submission is in (part of the key).</param>
/// <param name="directory">Where calibrated limits are kept, or null for memory only.</param>
public sealed class PackageTimeLimits(TimeLimitCalibrator calibrator, LanguageCatalog languages, string? directory)
{
    private const string FormatVersion = "1";
    private readonly ConditionalWeakTable<ProblemPackage, Lazy<Task<PackageTimeLimit>>> _loaded = [];
    private readonly ConcurrentDictionary<string, PackageTimeLimit> _byHash = new(StringComparer.Ordinal);

    /// <summary>The per-user default: $XDG_CACHE_HOME/arbiter/time-limits or ~/.cache/arbiter/time-limits.</summary>
    public static string DefaultDirectory => Path.Combine(Path.GetDirectoryName(BuildCache.DefaultDirectory)!, "time-limits");

    public Task<PackageTimeLimit> ForAsync(ProblemPackage problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Limits.TimeLimit is { } given)
        {
            return Task.FromResult(new PackageTimeLimit(given, problem.Limits.TimeLimitSource.ToString(), $"from {problem.Limits.TimeLimitSource}"));
        }

        // One calibration per loaded package at a time; a failed one may be tried again.
        var entry = _loaded.GetValue(problem, p => new Lazy<Task<PackageTimeLimit>>(() => CalibratedAsync(p, cancellationToken)));
        if (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            _loaded.Remove(problem);
            entry = _loaded.GetValue(problem, p => new Lazy<Task<PackageTimeLimit>>(() => CalibratedAsync(p, cancellationToken)));
        }

        return entry.Value;
    }

    private async Task<PackageTimeLimit> CalibratedAsync(ProblemPackage problem, CancellationToken cancellationToken)
    {
        var key = Key(problem, cancellationToken);
        if (_byHash.TryGetValue(key, out var known) || (known = Read(key)) is not null)
        {
            _byHash[key] = known;
            return known;
        }

        var (limit, explanation) = await calibrator.CalibrateAsync(problem, cancellationToken).ConfigureAwait(false);
        if (limit is null)
        {
            return new PackageTimeLimit(TestLimits.Fallback, "fallback", $"{explanation}; using {TestLimits.Fallback.TotalSeconds:0.###} s");
        }

        var calibrated = new PackageTimeLimit(limit.Value, TimeLimitSource.Calibration.ToString(), explanation);
        _byHash[key] = calibrated;
        Write(key, calibrated);
        return calibrated;
    }

    /// <summary>The package's content and, for each language its calibrating submissions use,
    /// how that language runs (a faster runtime may well change the limit).</summary>
    private string Key(ProblemPackage problem, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\0"));
        Add(FormatVersion);
        Add(PackageContentHash.Of(problem, cancellationToken));
        var used = problem.Submissions
            .Where(s => s.ExpectedVerdict is Verdict.AC or Verdict.TLE)
            .Select(s => SubmissionSource.From(s.Program, languages).Language)
            .OfType<LanguageSpec>()
            .DistinctBy(l => l.Id)
            .OrderBy(l => l.Id, StringComparer.Ordinal);
        foreach (var language in used)
        {
            Add(language.Id);
            Add(ToolchainIdentity.Of(language));
            Add(string.Join(' ', language.Run));
            Add(string.Join(' ', language.Compile?.Command ?? []));
            Add(language.Limits.TimeMultiplier.ToString(CultureInfo.InvariantCulture));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private PackageTimeLimit? Read(string key)
    {
        if (directory is null)
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(Path.Combine(directory, key + ".json")));
            return stored is { LimitMs: > 0 }
                ? new PackageTimeLimit(TimeSpan.FromMilliseconds(stored.LimitMs), TimeLimitSource.Calibration.ToString(), stored.Note + " (kept from an earlier calibration)")
                : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Write(string key, PackageTimeLimit limit)
    {
        if (directory is null)
        {
            return;
        }

        var final = Path.Combine(directory, key + ".json");
        var temporary = final + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(temporary, JsonSerializer.Serialize(new Stored(limit.Limit.TotalMilliseconds, limit.Note)));
            File.Move(temporary, final, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache saves time, it is never a reason to fail a judgement.
            try
            {
                File.Delete(temporary);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private sealed record Stored(double LimitMs, string Note);
}
