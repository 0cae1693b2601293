namespace Arbiter.Engine.Analysis.Diff;

/// <summary>Aligns two line lists: common prefix and suffix, then an LCS table over the middle
/// when it has at most the given number of cells, else a position-by-position pairing.</summary>
internal static class LineAligner
{
    public readonly record struct Op(DiffLineKind Kind, int Expected, int Actual);

    public static (List<Op> Ops, bool Aligned) Align(string[] e, string[] a, long maxCells)
    {
        var prefix = 0;
        while (prefix < e.Length && prefix < a.Length && e[prefix] == a[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < e.Length - prefix && suffix < a.Length - prefix && e[^(suffix + 1)] == a[^(suffix + 1)])
        {
            suffix++;
        }

        var ops = new List<Op>(Math.Max(e.Length, a.Length) + 8);
        for (var k = 0; k < prefix; k++)
        {
            ops.Add(new Op(DiffLineKind.Equal, k, k));
        }

        var n = e.Length - prefix - suffix;
        var m = a.Length - prefix - suffix;
        var aligned = (long)n * m <= maxCells;
        if (aligned)
        {
            Lcs(e, a, prefix, n, m, ops);
        }
        else
        {
            Positional(e, a, prefix, n, m, ops);
        }

        for (var k = 0; k < suffix; k++)
        {
            ops.Add(new Op(DiffLineKind.Equal, e.Length - suffix + k, a.Length - suffix + k));
        }

        return (ops, aligned);
    }

    private static void Lcs(string[] e, string[] a, int offset, int n, int m, List<Op> ops)
    {
        // table[i, j] = length of the LCS of e[offset+i..] and a[offset+j..] (at most 60000 lines).
        var width = m + 1;
        var table = new ushort[(n + 1) * width];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                table[(i * width) + j] = e[offset + i] == a[offset + j]
                    ? (ushort)(table[((i + 1) * width) + j + 1] + 1)
                    : Math.Max(table[((i + 1) * width) + j], table[(i * width) + j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && e[offset + x] == a[offset + y])
            {
                ops.Add(new Op(DiffLineKind.Equal, offset + x++, offset + y++));
            }
            else if (y < m && (x == n || table[(x * width) + y + 1] >= table[((x + 1) * width) + y]))
            {
                ops.Add(new Op(DiffLineKind.Added, -1, offset + y++));
            }
            else
            {
                ops.Add(new Op(DiffLineKind.Removed, offset + x++, -1));
            }
        }
    }

    private static void Positional(string[] e, string[] a, int offset, int n, int m, List<Op> ops)
    {
        for (var k = 0; k < Math.Max(n, m); k++)
        {
            if (k < n && k < m && e[offset + k] == a[offset + k])
            {
                ops.Add(new Op(DiffLineKind.Equal, offset + k, offset + k));
                continue;
            }

            if (k < n)
            {
                ops.Add(new Op(DiffLineKind.Removed, offset + k, -1));
            }

            if (k < m)
            {
                ops.Add(new Op(DiffLineKind.Added, -1, offset + k));
            }
        }
    }
}
