using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC014: a .env (or env_file) holding credentials that git would commit.</summary>
public sealed class DotEnvSecretNotIgnoredRule() : ComposeRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC014",
        "Env file with credentials not ignored by git",
        RuleCategories.Security,
        Severity.Error,
        "{0} holds {1} and git {2}",
        "An env file with credentials belongs on the machine that runs the stack, never in the repository. Add it to .gitignore (and 'git rm --cached' it if it was committed), and commit a .env.example with placeholders instead.")
    {
        Aliases = ["CIS-4.10"],
    };

    public override IEnumerable<Finding> Check(ComposeAnalysis model)
    {
        foreach (var file in model.Facts.EnvFiles.Where(file => file.InGitRepository && (file.IgnoredByGit == false || file.TrackedByGit)))
        {
            var secrets = file.Entries.Where(entry => SecretDetector.Classify(entry.Key, entry.Value) is not null).ToList();
            if (secrets.Count == 0)
            {
                continue;
            }
            var names = string.Join(", ", secrets.Select(entry => entry.Key).Distinct(StringComparer.Ordinal).Take(5));
            var status = file.TrackedByGit ? "already tracks it (it was committed)" : "does not ignore it";
            yield return Report(secrets[0].Span, System.IO.Path.GetFileName(file.Path), names, status)
                .WithFix(file.TrackedByGit ? $"git rm --cached {System.IO.Path.GetFileName(file.Path)} and add it to .gitignore" : $"add {System.IO.Path.GetFileName(file.Path)} to .gitignore");
        }
    }
}
