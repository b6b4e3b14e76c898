using Drydock.Compose.Loading;
using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Correctness;

/// <summary>DC033: an <c>env_file</c> that does not exist.</summary>
public sealed class EnvFileMissingRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC033",
        "env_file missing",
        RuleCategories.Correctness,
        Severity.Error,
        "service '{0}' reads {1}, which does not exist{2}",
        "Compose refuses to start a service whose required env_file is missing. Create it (from the project's .env.example when there is one), fix the path, or mark it 'required: false'.")
    {
        Aliases = [],
    };

    private static readonly RuleMessage Optional = new(Severity.Info, "service '{0}' reads {1}, which does not exist (it is optional: required: false)");

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var file in service.EnvFiles.Where(file => !file.Exists))
        {
            var shown = System.IO.Path.GetRelativePath(model.Project.WorkingDirectory, file.Path);
            yield return file.Required
                ? Report(file.Span, service.Name, shown, string.Empty)
                : Report(file.Span, Optional, service.Name, shown);
        }
    }
}
