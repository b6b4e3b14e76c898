using System.Globalization;

namespace Drydock.Text;

/// <summary>Sizes as people write them: <c>70MB</c>, <c>70 MB</c>, <c>1.5 GiB</c>, <c>1000</c> (bytes). kB/MB/GB are decimal.</summary>
public static class SizeText
{
    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }
        if (split == 0 || !double.TryParse(trimmed[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        double? multiplier = trimmed[split..].Trim().ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" or "kb" => 1e3,
            "m" or "mb" => 1e6,
            "g" or "gb" => 1e9,
            "t" or "tb" => 1e12,
            "kib" => 1024d,
            "mib" => 1024d * 1024,
            "gib" => 1024d * 1024 * 1024,
            _ => null,
        };
        if (multiplier is null || number * multiplier.Value > long.MaxValue)
        {
            return false;
        }
        bytes = (long)Math.Round(number * multiplier.Value);
        return true;
    }
}
