using Drydock.Findings;
using Drydock.Images.Analysis;
using Drydock.Images.Layers;

namespace Drydock.Images.Rules;

/// <summary>IM004: private keys, .env files and credential stores in the final file system.</summary>
public sealed class SecretFileRule() : Rule<ImageRuleContext>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "IM004",
        "Secret file in the image",
        RuleCategories.Security,
        Severity.Error,
        "{0} is {1} (layer {2}).",
        "Files in an image are readable by anyone who can pull it, and stay in their layer even when a later layer deletes them. Keep keys and credentials out of the build context (.dockerignore), use build secrets (`RUN --mount=type=secret`) for build-time needs and mount them at run time.")
    {
        Aliases = ["CIS-DI-0010"],
    };

    public override IEnumerable<Finding> Check(ImageRuleContext context) =>
        context.Capped(Rule, Secrets(context.Analysis), item => Report(context.Span, item.File.Path, item.Kind, item.File.Layer), "secret files");

    private static IEnumerable<(MergedFile File, string Kind)> Secrets(ImageAnalysis analysis)
    {
        foreach (var file in analysis.Entries)
        {
            if (file.Entry.Kind != EntryKind.File)
            {
                continue;
            }
            if (file.Entry.Flags.HasFlag(EntryFlags.PrivateKey))
            {
                yield return (file, "a private key");
            }
            else if (SecretDetection.CredentialFileKind(file.Path) is { } kind)
            {
                yield return (file, kind);
            }
        }
    }
}
