using System.Globalization;
using System.Text.RegularExpressions;

namespace Drydock.Measurements;

/// <summary>The value side of a relative target in drydock.yml: <c>baseline</c> or <c>FACTOR * baseline</c>.</summary>
public static partial class RelativeTarget
{
    public static bool TryParse(string text, out double factor)
    {
        factor = 1;
        var match = Syntax().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }
        return !match.Groups[1].Success || double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out factor);
    }

    [GeneratedRegex(@"^(?:([0-9]+(?:\.[0-9]+)?)\s*\*\s*)?baseline$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
