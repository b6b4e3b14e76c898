using System.CommandLine;
using Drydock.Catalog;
using Drydock.Checking;
using Drydock.Cli.Terminal;
using Drydock.Findings;
using Drydock.Reports;
using Drydock.Reports.Rendering;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock rules [ID]</c>: the rule catalogue, or one rule in full.</summary>
public static class RulesCommand
{
    public static Command Create(CliConsole console)
    {
        var id = new Argument<string?>("id")
        {
            Description = "A rule id or alias (DF012, DL3008, SecretsUsedInArgOrEnv…) to show in full.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown);
        var command = new Command("rules", "List the rules drydock check applies, with their ids, aliases, severities and fixes.")
        {
            id,
            format,
        };
        command.SetAction(parse =>
        {
            var rules = RuleCatalog.All;
            if (parse.GetValue(id) is { } wanted)
            {
                var rule = RuleCatalog.Find(wanted);
                if (rule is null)
                {
                    Diagnostics.Error(console, $"no rule '{wanted}'", "run 'drydock rules' for the list.");
                    return ExitCodes.Error;
                }
                rules = [rule];
            }
            var chosen = parse.GetFormat(format);
            if (chosen == ReportFormat.Markdown)
            {
                // The markdown is docs/rules.md itself (scripts/generate-rules-doc.sh writes it).
                console.Out.Write(RuleDocumentation.Markdown(rules));
                console.Out.Flush();
                return ExitCodes.Success;
            }
            ReportOutput.Write(console, ToReport(rules, single: parse.GetValue(id) is not null), chosen);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Report ToReport(IReadOnlyList<RuleDescriptor> rules, bool single)
    {
        var blocks = new List<ReportBlock>();
        if (single)
        {
            var rule = rules[0];
            blocks.Add(new KeyValueBlock($"{rule.Id}: {rule.Title}",
            [
                new("Severity", rule.DefaultSeverity.ToName() + (rule.EnabledByDefault ? string.Empty : " (off by default)")),
                new("Category", rule.Category),
                new("Also known as", rule.Aliases.Count == 0 ? "-" : string.Join(", ", rule.Aliases)),
                new("Message", rule.MessageFormat),
                new("Help", rule.Help),
                new("Documentation", rule.HelpUri.ToString()),
            ]));
        }
        else
        {
            blocks.Add(new TableBlock($"{rules.Count} rules",
                [new("Id"), new("Severity"), new("Category"), new("Title"), new("Also known as")],
                rules.Select(rule => (IReadOnlyList<string>)
                [
                    rule.Id,
                    rule.DefaultSeverity.ToName() + (rule.EnabledByDefault ? string.Empty : " (off)"),
                    rule.Category,
                    rule.Title,
                    string.Join(", ", rule.Aliases),
                ]).ToList()));
        }
        return new Report
        {
            Command = "rules",
            Parts = ReportParts.None,
            Blocks = blocks,
            Data = RuleDocumentation.Json(rules),
        };
    }
}
