using System.IO.Compression;
using Arbiter.Autoscaling.Traces;

namespace Arbiter.Autoscaling.Tests.Traces;

public sealed class WorldCupLogTests
{
    [Fact]
    public void Read_HandMadeRecords_CountsRequestsPerSecondFromTheFirst()
    {
        // Three records by hand: two at 894,999,424 (0x3558_9B80), one two seconds later, big-endian,
        // with client, object, size and the four one-byte fields filled in.
        byte[] bytes =
        [
            0x35, 0x58, 0x9B, 0x80, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0x10, 0, 1, 2, 3, 4,
            0x35, 0x58, 0x9B, 0x80, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0,
            0x35, 0x58, 0x9B, 0x82, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0x10, 0, 1, 2, 3, 4,
        ];

        var trace = WorldCupLog.Read("wc", new MemoryStream(bytes));

        Assert.Equal([2.0, 0, 1], trace.RequestsPerSecond);
    }

    [Fact]
    public void Read_Gzipped_IsTheSameAsPlain()
    {
        var plain = new MemoryStream();
        WorldCupLog.Write(plain, 898_000_000, [3, 1, 0, 4]);
        var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(plain.ToArray());
        }

        packed.Position = 0;
        var trace = WorldCupLog.Read("wc.gz", packed);

        Assert.Equal([3.0, 1, 0, 4], trace.RequestsPerSecond);
    }

    [Fact]
    public void Read_PartialRecord_IsRejected()
    {
        var error = Assert.Throws<TraceFormatException>(() => WorldCupLog.Read("wc", new MemoryStream(new byte[30])));

        Assert.Contains("partial record (10 of 20 bytes after 1 records)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TimestampsYearsApart_AreRejected()
    {
        var log = new MemoryStream();
        WorldCupLog.Write(log, 0, [1]);
        WorldCupLog.Write(log, 2_000_000_000, [1]);
        log.Position = 0;

        var error = Assert.Throws<TraceFormatException>(() => WorldCupLog.Read("wc", log));

        Assert.Contains("past the longest trace accepted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CorruptGzip_IsAFormatError()
    {
        Assert.Throws<TraceFormatException>(() => WorldCupLog.Read("wc.gz", new MemoryStream([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])));
    }

    [Fact]
    public void Load_TellsBinaryFromCsvByContent()
    {
        var directory = Directory.CreateTempSubdirectory("arbiter-trace-");
        try
        {
            var binary = Path.Combine(directory.FullName, "day25.csv"); // a misleading name
            using (var file = File.Create(binary))
            {
                WorldCupLog.Write(file, 896_000_000, [2, 2]);
            }

            var csv = Path.Combine(directory.FullName, "t.log");
            File.WriteAllText(csv, "0,1\n1,3\n");

            Assert.Equal([2.0, 2], TraceLoader.Load(binary, null).RequestsPerSecond);
            Assert.Equal([1.0, 3], TraceLoader.Load(csv, null).RequestsPerSecond);
        }
        finally
        {
            directory.Delete(true);
        }
    }
}
