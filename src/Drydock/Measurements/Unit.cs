using System.Globalization;

namespace Drydock.Measurements;

/// <summary>The unit a metric is measured in; <see cref="Units"/> formats values in it and names it (<see cref="Units.Symbol"/>).</summary>
public enum Unit
{
    /// <summary>A plain number.</summary>
    None,
    Count,
    Seconds,
    Milliseconds,
    /// <summary>Decimal bytes (1 MB = 1,000,000 bytes).</summary>
    Bytes,
    Percent,
    /// <summary>A fraction of requests from 0 to 1 (k6's Rate metrics, e.g. http_req_failed), shown as a percentage.</summary>
    Rate,
    /// <summary>A number of CPUs (cpu_limit).</summary>
    Cpu,
    /// <summary>Events per second (a k6 counter's rate).</summary>
    PerSecond,
    /// <summary>Bytes per second (the rate of data_sent and data_received).</summary>
    BytesPerSecond,
}

/// <summary>Human formatting of measured values in their unit, and each unit's symbol (the <c>unit</c> of report.json).</summary>
public static class Units
{
    private static readonly (Unit Unit, string Symbol)[] Symbols =
    [
        (Unit.None, ""),
        (Unit.Count, "count"),
        (Unit.Seconds, "s"),
        (Unit.Milliseconds, "ms"),
        (Unit.Bytes, "bytes"),
        (Unit.Percent, "%"),
        (Unit.Rate, "rate"),
        (Unit.Cpu, "CPU"),
        (Unit.PerSecond, "/s"),
        (Unit.BytesPerSecond, "B/s"),
    ];

    /// <summary>The unit as report.json writes it: <c>s</c>, <c>ms</c>, <c>bytes</c>, <c>%</c>, <c>count</c>, <c>rate</c>…</summary>
    public static string Symbol(this Unit unit) => Array.Find(Symbols, pair => pair.Unit == unit).Symbol ?? string.Empty;

    /// <summary>The unit a symbol names (report.json read back), or null.</summary>
    public static Unit? FromSymbol(string symbol)
    {
        foreach (var (unit, known) in Symbols)
        {
            if (known == symbol)
            {
                return unit;
            }
        }
        return null;
    }

    public static string Format(double value, Unit unit) => unit switch
    {
        Unit.Bytes => FormatBytes(value),
        Unit.Seconds => Seconds(value),
        Unit.Milliseconds => Milliseconds(value),
        Unit.Percent => $"{Number(value, value < 10 ? 2 : 1)}%",
        Unit.Count or Unit.None => Number(value, 0),
        Unit.Rate => $"{Number(value * 100, value * 100 < 10 ? 2 : 1)}%",
        _ => $"{Number(value, 2)} {unit.Symbol()}",
    };

    public static string Seconds(double seconds) => $"{Number(seconds, seconds < 10 ? 2 : 1)} s";

    public static string Milliseconds(double milliseconds) => $"{Number(milliseconds, milliseconds < 10 ? 2 : 0)} ms";

    /// <summary>Decimal units (1 MB = 1,000,000 bytes), as <c>docker images</c> prints them.</summary>
    public static string FormatBytes(double bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        var index = 0;
        var value = bytes;
        while (Math.Abs(value) >= 1000 && index < units.Length - 1)
        {
            value /= 1000;
            index++;
        }
        return index == 0 ? $"{Number(value, 0)} B" : $"{Number(value, value < 10 ? 2 : value < 100 ? 1 : 0)} {units[index]}";
    }

    private static string Number(double value, int decimals) =>
        Math.Round(value, decimals).ToString("0." + new string('#', Math.Max(decimals, 0)), CultureInfo.InvariantCulture).TrimEnd('.');
}
