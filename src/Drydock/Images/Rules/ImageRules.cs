using Drydock.Findings;
using Drydock.Images.Analysis;
using Drydock.Text;

namespace Drydock.Images.Rules;

/// <summary>Settings of the image rules that depend on the project (from the command line or drydock.yml).</summary>
public sealed record ImageRuleOptions
{
    /// <summary>Directories that must hold no interpreted-language sources (IM009), e.g. <c>/app</c>. Empty: IM009 is off.</summary>
    public IReadOnlyList<string> NoSourcesUnder { get; init; } = [];

    /// <summary>Extensions IM009 treats as interpreted-language sources.</summary>
    public IReadOnlyList<string> SourceExtensions { get; init; } = [".py", ".rb", ".php", ".pl", ".pm", ".lua", ".ts", ".tsx"];

    /// <summary>IM010 reports wasted bytes above this (dive's definition; 10 MB by default).</summary>
    public long MaxWastedBytes { get; init; } = 10_000_000;

    /// <summary>Rules that report one finding per path stop after this many and add one summary finding.</summary>
    public int MaxFindingsPerRule { get; init; } = 20;

    public static ImageRuleOptions Default { get; } = new();
}

/// <summary>What an image rule looks at: the analysis and the project's settings.</summary>
public sealed record ImageRuleContext(ImageAnalysis Analysis, ImageRuleOptions Options)
{
    /// <summary>Image findings point at the image (there is no line to point at); the message names the path.</summary>
    public SourceSpan Span => SourceSpan.WholeFile(Analysis.Name);

    /// <summary>One finding per item up to the limit, then one that says how many more there are.</summary>
    public IEnumerable<Finding> Capped<T>(RuleDescriptor rule, IEnumerable<T> items, Func<T, Finding> describe, string noun)
    {
        var count = 0;
        foreach (var item in items)
        {
            count++;
            if (count <= Options.MaxFindingsPerRule)
            {
                yield return describe(item);
            }
        }
        if (count > Options.MaxFindingsPerRule)
        {
            yield return new Finding(rule, rule.DefaultSeverity, Span, $"… and {count - Options.MaxFindingsPerRule} more {noun} (run `drydock inspect --files` to list them).");
        }
    }
}

/// <summary>The IM family: every image rule, and running them.</summary>
public static class ImageRules
{
    public static IReadOnlyList<IRule<ImageRuleContext>> All { get; } =
    [
        new RunsAsRootRule(),
        new NoHealthcheckRule(),
        new SecretInEnvironmentRule(),
        new SecretFileRule(),
        new SetuidFileRule(),
        new WorldWritableRule(),
        new PackageCacheRule(),
        new BuildToolsRule(),
        new InterpretedSourcesRule(),
        new WastedBytesRule(),
    ];

    /// <summary>The descriptors, for <c>Catalog.RuleCatalog</c>.</summary>
    public static IEnumerable<RuleDescriptor> Descriptors => All.Select(rule => rule.Descriptor);

    public static IReadOnlyList<Finding> Run(ImageAnalysis analysis, ImageRuleOptions? options = null)
    {
        var context = new ImageRuleContext(analysis, options ?? ImageRuleOptions.Default);
        return All.SelectMany(rule => rule.Check(context)).ToList();
    }
}
