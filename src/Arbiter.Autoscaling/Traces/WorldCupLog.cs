using System.Buffers.Binary;
using System.IO.Compression;

namespace Arbiter.Autoscaling.Traces;

/// <summary>
/// The World Cup 1998 access logs (the Internet Traffic Archive's <c>wc_dayN_M</c> files, usually
/// gzip-compressed): fixed 20-byte big-endian records of timestamp (seconds since the epoch),
/// client id, object id, size (all uint32), then method, status, type and server (one byte each).
/// Each record is one request; they are counted per second from the earliest timestamp.
/// </summary>
public static class WorldCupLog
{
    public const int RecordBytes = 20;

    /// <summary>True when the bytes start like gzip or like a 20-byte record stream rather than text.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            return true;
        }

        foreach (var b in head)
        {
            if (b == 0 || (b < 0x09) || (b > 0x0d && b < 0x20))
            {
                return true;
            }
        }

        return false;
    }

    public static Trace Read(string name, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffered = new BufferedStream(stream, 1 << 16);
        var magic = new byte[2];
        var got = buffered.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        Stream records = new PrefixedStream(magic.AsMemory(0, got), buffered);
        if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            records = new GZipStream(records, CompressionMode.Decompress);
        }

        return Aggregate(name, records);
    }

    private static Trace Aggregate(string name, Stream records)
    {
        var counts = new Dictionary<uint, int>();
        var record = new byte[RecordBytes];
        long index = 0;
        try
        {
            while (true)
            {
                var read = records.ReadAtLeast(record, RecordBytes, throwOnEndOfStream: false);
                if (read == 0)
                {
                    break;
                }

                if (read < RecordBytes)
                {
                    throw new TraceFormatException($"{name}: the log ends in a partial record ({read} of {RecordBytes} bytes after {index} records); " +
                        $"a World Cup 1998 log is a whole number of 20-byte records");
                }

                var timestamp = BinaryPrimitives.ReadUInt32BigEndian(record);
                counts[timestamp] = counts.GetValueOrDefault(timestamp) + 1;
                index++;
            }
        }
        catch (InvalidDataException e)
        {
            throw new TraceFormatException($"{name}: not a readable gzip stream: {e.Message}");
        }

        if (counts.Count == 0)
        {
            throw new TraceFormatException($"{name}: the log holds no records");
        }

        var first = counts.Keys.Min();
        var span = (long)counts.Keys.Max() - first + 1;
        if (span > Trace.MaxSeconds)
        {
            throw new TraceFormatException($"{name}: the records span {span} seconds, past the longest trace accepted ({Trace.MaxSeconds} s); is this a World Cup 1998 log?");
        }

        var rates = new double[span];
        foreach (var (timestamp, count) in counts)
        {
            rates[timestamp - first] = count;
        }

        return new Trace(name, rates);
    }

    /// <summary>Writes records (for tests and for making sample logs): one per request, the
    /// other fields zero.</summary>
    public static void Write(Stream output, uint firstTimestamp, IReadOnlyList<int> requestsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(requestsPerSecond);
        var record = new byte[RecordBytes];
        for (var second = 0; second < requestsPerSecond.Count; second++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(record, firstTimestamp + (uint)second);
            for (var i = 0; i < requestsPerSecond[second]; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(4), (uint)i);
                output.Write(record);
            }
        }
    }
}
