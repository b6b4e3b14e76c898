using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Drydock.Engine;

/// <summary>
/// Reads the engine's streams of JSON documents, one per line (stats, events): each line is deserialized with
/// source-generated metadata as soon as it is complete. Memory is bounded by the longest line.
/// </summary>
internal static class JsonLinesReader
{
    private const int InitialBufferBytes = 16 * 1024;

    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Stream stream,
        JsonTypeInfo<T> typeInfo,
        int maxLineBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(InitialBufferBytes, maxLineBytes)];
        var start = 0;
        var end = 0;
        var scanned = 0;
        while (true)
        {
            var newline = buffer.AsSpan(scanned, end - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = scanned + newline;
                var item = Deserialize(buffer.AsSpan(start, lineEnd - start), typeInfo);
                start = scanned = lineEnd + 1;
                if (item is not null)
                {
                    yield return item;
                }
                continue;
            }
            scanned = end;
            if (start > 0)
            {
                // Slide the unfinished line to the front.
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                scanned -= start;
                start = 0;
            }
            if (end == buffer.Length)
            {
                if (buffer.Length >= maxLineBytes)
                {
                    throw new EngineException(EngineErrorKind.ApiError, $"The engine sent a JSON line longer than {maxLineBytes} bytes.");
                }
                Array.Resize(ref buffer, Math.Min(maxLineBytes, buffer.Length * 2));
            }
            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (Deserialize(buffer.AsSpan(start, end - start), typeInfo) is { } last)
                {
                    yield return last;
                }
                yield break;
            }
            end += read;
        }
    }

    private static T? Deserialize<T>(ReadOnlySpan<byte> line, JsonTypeInfo<T> typeInfo)
    {
        line = line.Trim(" \t\r"u8);
        if (line.IsEmpty)
        {
            return default;
        }
        try
        {
            return JsonSerializer.Deserialize(line, typeInfo);
        }
        catch (JsonException ex)
        {
            throw new EngineException(EngineErrorKind.ApiError, $"The engine sent a line that is not the expected JSON: {ex.Message}", null, 0, ex);
        }
    }
}
