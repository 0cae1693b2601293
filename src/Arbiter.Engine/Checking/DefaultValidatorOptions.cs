using System.Globalization;

namespace Arbiter.Engine.Checking;

/// <summary>
/// Options of the default output validator, as given by <c>validator_flags</c> or group validator
/// arguments: <c>case_sensitive</c>, <c>space_change_sensitive</c>, <c>float_tolerance ε</c>,
/// <c>float_absolute_tolerance ε</c>, <c>float_relative_tolerance ε</c>.
/// </summary>
/// <param name="CaseSensitive">Tokens must match byte for byte; otherwise ASCII letters match either case.</param>
/// <param name="SpaceChangeSensitive">Whitespace runs (leading and trailing too) must match exactly.</param>
/// <param name="AbsoluteTolerance">Accept a number within this absolute error of the answer.</param>
/// <param name="RelativeTolerance">Accept a number within this error relative to the answer.</param>
public sealed record DefaultValidatorOptions(
    bool CaseSensitive = false,
    bool SpaceChangeSensitive = false,
    double? AbsoluteTolerance = null,
    double? RelativeTolerance = null)
{
    /// <summary>No flags: case-insensitive tokens, any whitespace, no float tolerance.</summary>
    public static DefaultValidatorOptions Default { get; } = new();

    /// <summary>Whether numbers are compared with a tolerance.</summary>
    public bool HasFloatTolerance => AbsoluteTolerance is not null || RelativeTolerance is not null;

    /// <summary>
    /// Parses validator arguments. Fails on unknown flags, a tolerance without a non-negative number,
    /// a tolerance given twice, or <c>float_tolerance</c> together with a specific tolerance (all
    /// errors per the 2023-07 format).
    /// </summary>
    public static bool TryParse(IReadOnlyList<string> args, out DefaultValidatorOptions options, out string error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = Default;
        error = "";
        bool caseSensitive = false, spaceSensitive = false, both = false;
        double? absolute = null, relative = null;
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            switch (flag)
            {
                case "case_sensitive":
                    caseSensitive = true;
                    break;
                case "space_change_sensitive":
                    spaceSensitive = true;
                    break;
                case "float_tolerance" or "float_absolute_tolerance" or "float_relative_tolerance":
                    if (i + 1 >= args.Count
                        || !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var epsilon)
                        || !double.IsFinite(epsilon) || epsilon < 0)
                    {
                        error = $"validator flag '{flag}' needs a non-negative number after it";
                        return false;
                    }

                    i++;
                    if ((flag == "float_tolerance" && (both || absolute is not null || relative is not null))
                        || (flag != "float_tolerance" && both)
                        || (flag == "float_absolute_tolerance" && absolute is not null)
                        || (flag == "float_relative_tolerance" && relative is not null))
                    {
                        error = $"validator flag '{flag}' repeats or conflicts with an earlier tolerance";
                        return false;
                    }

                    if (flag == "float_tolerance")
                    {
                        both = true;
                        absolute = relative = epsilon;
                    }
                    else if (flag == "float_absolute_tolerance")
                    {
                        absolute = epsilon;
                    }
                    else
                    {
                        relative = epsilon;
                    }

                    break;
                default:
                    error = $"unknown validator flag '{flag}' (known: case_sensitive, space_change_sensitive, float_tolerance, float_absolute_tolerance, float_relative_tolerance)";
                    return false;
            }
        }

        options = new DefaultValidatorOptions(caseSensitive, spaceSensitive, absolute, relative);
        return true;
    }
}
