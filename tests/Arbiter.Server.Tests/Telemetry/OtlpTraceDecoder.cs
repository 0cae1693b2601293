using System.Globalization;
using System.Text;

namespace Arbiter.Server.Tests.Telemetry;

/// <summary>
/// Reads an OTLP/HTTP <c>ExportTraceServiceRequest</c> (protobuf) into <see cref="ReceivedSpan"/>s:
/// just the fields these tests look at, read from the wire format directly (no OTLP proto
/// package is served here), skipping every other field as protobuf readers do. Field numbers
/// from opentelemetry-proto: request.resource_spans = 1; ResourceSpans.resource = 1,
/// .scope_spans = 2; Resource.attributes = 1; ScopeSpans.spans = 2; Span.trace_id = 1,
/// .span_id = 2, .parent_span_id = 4, .name = 5, .kind = 6, .attributes = 9; KeyValue.key = 1,
/// .value = 2; AnyValue.string_value = 1, .bool_value = 2, .int_value = 3, .double_value = 4.
/// </summary>
internal static class OtlpTraceDecoder
{
    public static List<ReceivedSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var (field, resourceSpans) in Fields(request.ToArray()))
        {
            if (field != 1)
            {
                continue;
            }

            var resource = new Dictionary<string, string>(StringComparer.Ordinal);
            var scopes = new List<byte[]>();
            foreach (var (inner, value) in Fields(resourceSpans))
            {
                if (inner == 1)
                {
                    Attributes(value, resource, attributesField: 1);
                }
                else if (inner == 2)
                {
                    scopes.Add(value);
                }
            }

            foreach (var scope in scopes)
            {
                spans.AddRange(Fields(scope).Where(f => f.Field == 2).Select(f => Span(f.Value, resource)));
            }
        }

        return spans;
    }

    private static ReceivedSpan Span(byte[] span, Dictionary<string, string> resource)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in Fields(span))
        {
            switch (field)
            {
                case 1: traceId = Convert.ToHexStringLower(value); break;
                case 2: spanId = Convert.ToHexStringLower(value); break;
                case 4: parent = Convert.ToHexStringLower(value); break;
                case 5: name = Encoding.UTF8.GetString(value); break;
                case 6: kind = (int)ReadVarint(value, 0).Value; break;
                case 9: Attribute(value, attributes); break;
            }
        }

        return new ReceivedSpan(traceId, spanId, parent, name, kind, attributes, resource);
    }

    private static void Attributes(byte[] message, Dictionary<string, string> into, int attributesField)
    {
        foreach (var (field, value) in Fields(message))
        {
            if (field == attributesField)
            {
                Attribute(value, into);
            }
        }
    }

    private static void Attribute(byte[] keyValue, Dictionary<string, string> into)
    {
        string? key = null, text = null;
        foreach (var (field, value) in Fields(keyValue))
        {
            if (field == 1)
            {
                key = Encoding.UTF8.GetString(value);
            }
            else if (field == 2)
            {
                text = AnyValue(value);
            }
        }

        if (key is not null && text is not null)
        {
            into[key] = text;
        }
    }

    private static string? AnyValue(byte[] any)
    {
        foreach (var (field, value) in Fields(any))
        {
            switch (field)
            {
                case 1: return Encoding.UTF8.GetString(value);
                case 2: return ReadVarint(value, 0).Value != 0 ? "true" : "false";
                case 3: return ((long)ReadVarint(value, 0).Value).ToString(CultureInfo.InvariantCulture);
                case 4: return BitConverter.ToDouble(value).ToString(CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>The fields of one message in order: length-delimited ones as their bytes,
    /// varints re-encoded as bytes (so a caller reads them with <see cref="ReadVarint"/>),
    /// fixed-width ones as their little-endian bytes.</summary>
    private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var (tag, afterTag) = ReadVarint(message, at);
            at = afterTag;
            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    var (_, afterVarint) = ReadVarint(message, at);
                    yield return (field, message[at..afterVarint]);
                    at = afterVarint;
                    break;
                case 1:
                    yield return (field, message[at..(at + 8)]);
                    at += 8;
                    break;
                case 2:
                    var (length, afterLength) = ReadVarint(message, at);
                    var end = checked(afterLength + (int)length);
                    yield return (field, message[afterLength..end]);
                    at = end;
                    break;
                case 5:
                    yield return (field, message[at..(at + 4)]);
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {tag & 7} at byte {at} is not one OTLP uses");
            }
        }
    }

    private static (ulong Value, int Next) ReadVarint(byte[] bytes, int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return (value, at);
            }
        }

        throw new InvalidDataException("a varint longer than ten bytes");
    }
}
