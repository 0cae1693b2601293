namespace Arbiter.Engine.Problems;

/// <summary>Builds the test group tree from <c>data/</c>, referencing test files by path only.</summary>
internal static class TestDataReader
{
    private const int MaxHintBytes = 64 * 1024;
    private static readonly string[] TopGroups = ["sample", "secret"];
    private static readonly HashSet<string> IgnoredTopLevel = new(StringComparer.Ordinal) { "invalid_input", "invalid_output", "valid_output", "invalid_answer" };

    public static TestGroup Read(LoadContext context)
    {
        var data = Path.Combine(context.Root, "data");
        if (File.Exists(data))
        {
            throw ProblemPackageException.In("data", "is a file; it must be a directory of test groups");
        }

        if (!Directory.Exists(data))
        {
            throw ProblemPackageException.In("data/", "is missing; a package needs data/secret with at least one test");
        }

        foreach (var top in TopGroups)
        {
            if (File.Exists(Path.Combine(data, top)))
            {
                throw ProblemPackageException.In("data/" + top, "is a file; test groups are directories");
            }
        }

        if (!Directory.Exists(Path.Combine(data, "secret")))
        {
            throw ProblemPackageException.In("data/secret/", "is missing; a package needs at least one secret test");
        }

        var rootFile = GroupSettingsReader.Find(context, data);
        var rootSettings = GroupSettingsReader.Resolve(context, null, rootFile, "");
        var children = new List<TestNode>();
        foreach (var name in TopGroups)
        {
            var directory = Path.Combine(data, name);
            if (Directory.Exists(directory))
            {
                children.Add(ReadGroup(context, directory, name, name, rootSettings, depth: 1));
            }
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(data).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (entry is "sample" or "secret" or "testdata.yaml" or "test_group.yaml" || IgnoredTopLevel.Contains(entry!))
            {
                continue;
            }

            context.Warnings.Add($"data/{entry}: only data/sample and data/secret are judged; ignored");
        }

        var root = new TestGroup("data", "", data, rootSettings, children);
        if (!root.FindGroup("secret")!.AllTests().Any())
        {
            throw ProblemPackageException.In("data/secret/", "holds no test cases (*.in with *.ans)");
        }

        return root;
    }

    private static TestGroup ReadGroup(LoadContext context, string directory, string name, string path, TestGroupSettings parent, int depth)
    {
        if (depth > context.Options.MaxGroupDepth)
        {
            throw ProblemPackageException.In(context.Relative(directory), $"test groups nest deeper than {context.Options.MaxGroupDepth} levels");
        }

        var settings = GroupSettingsReader.Resolve(context, parent, GroupSettingsReader.Find(context, directory), path);
        var isSample = path == "sample" || path.StartsWith("sample/", StringComparison.Ordinal);
        var files = Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var directories = Directory.EnumerateDirectories(directory).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var items = new SortedDictionary<string, TestNode>(StringComparer.Ordinal);

        foreach (var file in files.Where(f => f.EndsWith(".in", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var baseName = file[..^3];
            var answer = baseName + ".ans";
            if (!files.Contains(answer))
            {
                throw ProblemPackageException.In(context.Relative(Path.Combine(directory, file)), $"has no answer file {answer}");
            }

            if (++context.TestCount > context.Options.MaxTestCases)
            {
                throw ProblemPackageException.In("data/", $"holds more than {context.Options.MaxTestCases} test cases");
            }

            var input = Path.Combine(directory, file);
            var answerPath = Path.Combine(directory, answer);
            var hint = files.Contains(baseName + ".hint") ? ReadHint(context, Path.Combine(directory, baseName + ".hint")) : null;
            var test = new TestCase(
                baseName,
                path + "/" + baseName,
                input,
                answerPath,
                new FileInfo(input).Length,
                new FileInfo(answerPath).Length,
                isSample,
                hint)
            {
                Args = settings.Args,
                FilesDirectory = directories.Contains(baseName + ".files") ? Path.Combine(directory, baseName + ".files") : null,
            };
            items[baseName] = files.Contains(baseName + ".yaml") ? TestCaseSettings.Apply(context, test, Path.Combine(directory, baseName + ".yaml")) : test;
        }

        foreach (var file in files.Where(f => f.EndsWith(".ans", StringComparison.Ordinal)))
        {
            if (!files.Contains(file[..^4] + ".in"))
            {
                throw ProblemPackageException.In(context.Relative(Path.Combine(directory, file)), $"has no input file {file[..^4]}.in");
            }
        }

        foreach (var sub in directories.Order(StringComparer.Ordinal))
        {
            if (sub.EndsWith(".files", StringComparison.Ordinal) || sub.EndsWith(".download", StringComparison.Ordinal))
            {
                continue;
            }

            if (items.ContainsKey(sub))
            {
                throw ProblemPackageException.In(context.Relative(Path.Combine(directory, sub)), $"is both a test case and a test group");
            }

            if (isSample && context.Format == ProblemFormat.Draft2023)
            {
                context.Warnings.Add($"{context.Relative(Path.Combine(directory, sub))}: the 2023-07 format does not allow groups in data/sample");
            }

            items[sub] = ReadGroup(context, Path.Combine(directory, sub), sub, path + "/" + sub, settings, depth + 1);
        }

        return new TestGroup(name, path, directory, settings, items.Values.ToList());
    }

    private static string ReadHint(LoadContext context, string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxHintBytes)
        {
            throw ProblemPackageException.In(context.Relative(path), $"is larger than {MaxHintBytes} bytes");
        }

        return File.ReadAllText(path).Trim();
    }
}
