using Arbiter.Deploy.Pools;

namespace Arbiter.Deploy.Tests.Pools;

public sealed class PoolPlannerTests : IDisposable
{
    private readonly SpecFolder _specs = new SpecFolder()
        .Add("java", "openjdk-17-jdk-headless", ".java")
        .Add("kotlin", "kotlin, openjdk-17-jdk-headless", ".kt")
        .Add("c", "gcc, libc6-dev", ".c")
        .Add("c++", "g++", ".cc");

    public void Dispose() => _specs.Dispose();

    [Fact]
    public void Plan_WithoutGroupings_GivesEveryLanguageItsOwnPool_SortedByName()
    {
        var pools = PoolPlanner.Plan(_specs.Catalog(), []);

        Assert.Equal(["c", "cpp", "java", "kotlin"], pools.Select(p => p.Name));
        Assert.All(pools, p => Assert.Single(p.Languages));
        Assert.Equal("c++", pools.Single(p => p.Name == "cpp").Languages[0].Id);
        Assert.Equal("arbiter-cpp", pools.Single(p => p.Name == "cpp").ImageName);
    }

    [Fact]
    public void Plan_WithAGrouping_PutsThoseLanguagesTogether_AndTheirPackagesOnce()
    {
        var pools = PoolPlanner.Plan(_specs.Catalog(), ["jvm=java,kotlin"]);

        Assert.Equal(["c", "cpp", "jvm"], pools.Select(p => p.Name));
        var jvm = pools.Single(p => p.Name == "jvm");
        Assert.Equal("java,kotlin", jvm.LanguageList);
        Assert.Equal(["openjdk-17-jdk-headless", "kotlin"], jvm.AptPackages);
    }

    [Fact]
    public void Plan_LeavesOptionalLanguagesOut_UnlessAGroupingNamesThem()
    {
        using var specs = new SpecFolder()
            .Add("c", "gcc", ".c")
            .Add("kotlin", "kotlin", ".kt", optional: true)
            .Add("scala", "scala", ".scala", optional: true);

        Assert.Equal(["c"], PoolPlanner.Plan(specs.Catalog(), []).Select(p => p.Name));
        var pools = PoolPlanner.Plan(specs.Catalog(), ["kotlin=kotlin"]);
        Assert.Equal(["c", "kotlin"], pools.Select(p => p.Name));
        Assert.Equal("kotlin", Assert.Single(pools.Single(p => p.Name == "kotlin").Languages).Id);
    }

    [Theory]
    [InlineData("jvm=java,scala", "unknown language 'scala'")]
    [InlineData("jvm", "expected NAME=LANGUAGE")]
    [InlineData("JVM=java", "lower-case")]
    [InlineData("api=java", "lower-case")]
    [InlineData("jvm=", "names no language")]
    [InlineData("jvm=java,java", "listed twice")]
    [InlineData("c=java", "taken by language 'c'")]
    public void Plan_WithABadGrouping_SaysWhatIsWrong(string grouping, string expected)
    {
        var error = Assert.Throws<PoolPlanException>(() => PoolPlanner.Plan(_specs.Catalog(), [grouping]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WithALanguageInTwoPools_IsRefused()
    {
        var error = Assert.Throws<PoolPlanException>(() => PoolPlanner.Plan(_specs.Catalog(), ["jvm=java,kotlin", "java-only=java"]));

        Assert.Contains("already in pool 'jvm'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resources_AreSizedFromThePoolsHungriestLanguage()
    {
        using var specs = new SpecFolder()
            .Add("small", "gcc", ".s1", compileMemoryMiB: 512)
            .Add("big", "openjdk-17-jdk-headless", ".b1", compileMemoryMiB: 2048, extraMemoryMiB: 256);
        var pool = Assert.Single(PoolPlanner.Plan(specs.Catalog(), ["mixed=small,big"]));

        var resources = PoolResources.For(pool, slots: 2);

        Assert.Equal(2, resources.Cores);
        Assert.Equal(PoolResources.WorkerOverheadMiB + (2 * 2048), resources.MemoryMiB);
    }
}
