using System.CommandLine;
using System.Runtime.CompilerServices;
using Drydock.Cli.Terminal;
using Drydock.Findings;
using Drydock.Reports.Rendering;

namespace Drydock.Cli;

/// <summary>Options that mean the same on every command that has them.</summary>
public static class CommonOptions
{
    /// <summary>Environment variables a CI job can set instead of flags; a flag on the command line wins over them.</summary>
    public const string FormatVariable = "DRYDOCK_FORMAT";

    public const string FailOnVariable = "DRYDOCK_FAIL_ON";

    // The formats each --format option accepts, so DRYDOCK_FORMAT and -o are checked against the same list.
    private static readonly ConditionalWeakTable<Option<string>, string[]> AllowedFormats = [];

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
        AllowedFormats.AddOrUpdate(option, names);
        return option;
    }

    public static ReportFormat GetFormat(this ParseResult parse, Option<string> option) =>
        ReportRenderers.TryParse(parse.GetValue(option), out var format) ? format : ReportFormat.Text;

    /// <summary>The output format: <c>--format</c> when given, else <c>DRYDOCK_FORMAT</c>, else text.</summary>
    public static ReportFormat GetFormat(this ParseResult parse, Option<string> option, CliConsole console)
    {
        if (parse.GetResult(option) is { Implicit: false } || console.GetEnvironmentVariable(FormatVariable) is not { Length: > 0 } fromEnvironment)
        {
            return parse.GetFormat(option);
        }
        var allowed = AllowedFormats.TryGetValue(option, out var names) ? names : [];
        var name = fromEnvironment.Trim();
        if (!allowed.Contains(name, StringComparer.OrdinalIgnoreCase) || !ReportRenderers.TryParse(name, out var format))
        {
            throw new DrydockException($"{FormatVariable}={fromEnvironment} is not a format of this command (one of: {string.Join(", ", allowed)})", null, $"unset {FormatVariable} or set it to one of those.");
        }
        return format;
    }

    /// <summary><c>--fail-on error|warning|info|none</c>: the least severe finding that makes the command exit 1.</summary>
    public static Option<string> FailOn()
    {
        var option = new Option<string>("--fail-on")
        {
            Description = $"Exit 1 when a finding is at least this severe (none: never). Default: {FailOnVariable}, else warning.",
            DefaultValueFactory = _ => "warning",
            HelpName = string.Join('|', FailThreshold.Names),
        };
        option.AcceptOnlyFromAmong([.. FailThreshold.Names]);
        return option;
    }

    public static FailThreshold GetFailThreshold(this ParseResult parse, Option<string> option) =>
        FailThreshold.TryParse(parse.GetValue(option), out var threshold) ? threshold : FailThreshold.Default;

    /// <summary>
    /// The fail threshold: <c>--fail-on</c> when given, else <c>DRYDOCK_FAIL_ON</c>, else <paramref name="configured"/>
    /// (drydock.yml), else warning.
    /// </summary>
    public static FailThreshold GetFailThreshold(this ParseResult parse, Option<string> option, CliConsole console, string? configured = null)
    {
        if (parse.GetResult(option) is { Implicit: false })
        {
            return parse.GetFailThreshold(option);
        }
        if (console.GetEnvironmentVariable(FailOnVariable) is { Length: > 0 } fromEnvironment)
        {
            return FailThreshold.TryParse(fromEnvironment.Trim(), out var threshold)
                ? threshold
                : throw new DrydockException($"{FailOnVariable}={fromEnvironment} is not one of: {string.Join(", ", FailThreshold.Names)}", null, $"unset {FailOnVariable} or set it to one of those.");
        }
        return configured is not null && FailThreshold.TryParse(configured, out var fromConfiguration) ? fromConfiguration : parse.GetFailThreshold(option);
    }

    /// <summary><c>-o FORMAT=FILE</c> (repeatable): more formats from the same run, each written to its file.</summary>
    public static Option<string[]> Outputs(Option<string> format)
    {
        var allowed = AllowedFormats.TryGetValue(format, out var names) ? names : [];
        var option = new Option<string[]>("--output", "-o")
        {
            Description = $"Also write the report as FORMAT into FILE (repeatable), e.g. -o sarif=drydock.sarif -o junit=junit.xml; FORMAT is one of {string.Join(", ", allowed)}.",
            HelpName = "FORMAT=FILE",
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                var equals = value.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0 || equals == value.Length - 1)
                {
                    result.AddError($"-o '{value}' is not FORMAT=FILE (e.g. -o sarif=drydock.sarif).");
                }
                else if (!allowed.Contains(value[..equals], StringComparer.OrdinalIgnoreCase))
                {
                    result.AddError($"-o '{value}': '{value[..equals]}' is not one of {string.Join(", ", allowed)}.");
                }
            }
        });
        return option;
    }

    /// <summary>The <c>-o</c> values as (format, file) pairs; the validator has already refused malformed ones.</summary>
    public static IReadOnlyList<(ReportFormat Format, string File)> GetOutputs(this ParseResult parse, Option<string[]> option) =>
        (parse.GetValue(option) ?? [])
            .Select(value => value.Split('=', 2))
            .Select(parts => (ReportRenderers.TryParse(parts[0], out var format) ? format : ReportFormat.Text, parts[1]))
            .ToList();
}
