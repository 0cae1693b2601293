using Arbiter.Engine.Checking;

namespace Arbiter.Engine.Tests.Checking;

public sealed class DefaultValidatorOptionsTests
{
    [Fact]
    public void TryParse_AllFlags_SetsEveryOption()
    {
        Assert.True(DefaultValidatorOptions.TryParse(
            ["case_sensitive", "space_change_sensitive", "float_absolute_tolerance", "1e-3", "float_relative_tolerance", "0.5"],
            out var options,
            out _));

        Assert.Equal(new DefaultValidatorOptions(true, true, 1e-3, 0.5), options);
    }

    [Fact]
    public void TryParse_FloatTolerance_SetsBoth()
    {
        Assert.True(DefaultValidatorOptions.TryParse(["float_tolerance", "1e-9"], out var options, out _));

        Assert.Equal(1e-9, options.AbsoluteTolerance);
        Assert.Equal(1e-9, options.RelativeTolerance);
    }

    [Theory]
    [InlineData("float_tolerance")]
    [InlineData("float_tolerance -1")]
    [InlineData("float_tolerance abc")]
    [InlineData("float_tolerance 1 float_tolerance 1")]
    [InlineData("float_absolute_tolerance 1 float_tolerance 1")]
    [InlineData("float_relative_tolerance 1 float_relative_tolerance 2")]
    [InlineData("ignore_whitespace")]
    public void TryParse_BadFlags_FailsWithAReason(string flags)
    {
        Assert.False(DefaultValidatorOptions.TryParse(flags.Split(' '), out _, out var error));
        Assert.NotEmpty(error);
    }
}
