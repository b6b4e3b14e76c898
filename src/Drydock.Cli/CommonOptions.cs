using System.CommandLine;
using Drydock.Findings;
using Drydock.Reports.Rendering;

namespace Drydock.Cli;

/// <summary>Options that mean the same on every command that has them.</summary>
public static class CommonOptions
{
    /// <summary><c>--format</c>, text by default; json is always among the choices.</summary>
    public static Option<string> Format(params ReportFormat[] allowed)
    {
        var names = allowed.Select(format => format.Name()).ToArray();
        var option = new Option<string>("--format")
        {
            Description = $"Output format: {string.Join(", ", names)}.",
            DefaultValueFactory = _ => "text",
            HelpName = string.Join('|', names),
        };
        option.AcceptOnlyFromAmong(names);
        return option;
    }

    public static ReportFormat GetFormat(this ParseResult parse, Option<string> option) =>
        ReportRenderers.TryParse(parse.GetValue(option), out var format) ? format : ReportFormat.Text;

    /// <summary><c>--fail-on error|warning|info|none</c>: the least severe finding that makes the command exit 1.</summary>
    public static Option<string> FailOn()
    {
        var option = new Option<string>("--fail-on")
        {
            Description = "Exit 1 when a finding is at least this severe (none: never).",
            DefaultValueFactory = _ => "warning",
            HelpName = string.Join('|', FailThreshold.Names),
        };
        option.AcceptOnlyFromAmong([.. FailThreshold.Names]);
        return option;
    }

    public static FailThreshold GetFailThreshold(this ParseResult parse, Option<string> option) =>
        FailThreshold.TryParse(parse.GetValue(option), out var threshold) ? threshold : FailThreshold.Default;
}
