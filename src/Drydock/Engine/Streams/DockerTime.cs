using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drydock.Engine;

/// <summary>
/// The engine's times: RFC 3339 with up to nine fractional digits (Go's RFC3339Nano, e.g. in log lines and
/// inspect output), Go's zero time for "never", and unix seconds with nanoseconds for query parameters.
/// </summary>
public static class DockerTime
{
    /// <summary>Parses <c>2024-05-07T21:09:36.123456789Z</c> (or an offset such as <c>+02:00</c>); digits past 100 ns are dropped.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        // yyyy-MM-ddTHH:mm:ss is 19 characters; then an optional fraction, then Z or ±hh:mm.
        if (text.Length < 20 || text[10] != 'T' && text[10] != 't')
        {
            return false;
        }
        var position = 19;
        long ticks = 0;
        if (text[position] == '.')
        {
            position++;
            var digits = 0;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                if (digits < 7)
                {
                    ticks = ticks * 10 + (text[position] - '0');
                }
                digits++;
                position++;
            }
            if (digits == 0)
            {
                return false;
            }
            for (var i = digits; i < 7; i++)
            {
                ticks *= 10;
            }
        }
        if (position >= text.Length)
        {
            return false;
        }
        TimeSpan offset;
        var zone = text[position..];
        if (zone is "Z" or "z")
        {
            offset = TimeSpan.Zero;
        }
        else if (zone.Length == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':'
            && int.TryParse(zone[1..3], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(zone[4..6], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            offset = new TimeSpan(hours, minutes, 0);
            if (zone[0] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }
        if (!DateTime.TryParseExact(text[..19], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var seconds))
        {
            return false;
        }
        try
        {
            value = new DateTimeOffset(seconds.AddTicks(ticks), offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
        return true;
    }

    /// <summary>Go's zero time (<c>0001-01-01T00:00:00Z</c>), which the engine writes for "never".</summary>
    public static bool IsZero(DateTimeOffset value) => value.UtcDateTime.Year <= 1;

    /// <summary>The query form of <c>since</c>/<c>until</c>: unix seconds with nine fractional digits.</summary>
    public static string ToUnixQuery(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{remainder * 100:D9}");
    }
}

/// <summary>Reads engine times into <see cref="DateTimeOffset"/>?; Go's zero time and empty strings become null.</summary>
public sealed class DockerTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        var text = reader.GetString();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!DockerTime.TryParse(text, out var value))
        {
            throw new JsonException($"'{text}' is not an RFC 3339 time.");
        }
        return DockerTime.IsZero(value) ? null : value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time)
        {
            writer.WriteStringValue(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Durations the engine writes as integer nanoseconds (health-check intervals and timeouts).</summary>
public sealed class NanosecondsConverter : JsonConverter<TimeSpan?>
{
    public override bool HandleNull => true;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : TimeSpan.FromTicks(reader.GetInt64() / 100);

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } duration)
        {
            writer.WriteNumberValue(duration.Ticks * 100);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
