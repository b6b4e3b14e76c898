using Drydock.Dockerfiles.Rules.Files;
using Drydock.Dockerfiles.Rules.Packages;
using Drydock.Dockerfiles.Rules.Runtime;
using Drydock.Dockerfiles.Rules.Security;
using Drydock.Dockerfiles.Rules.Scripts;
using Drydock.Dockerfiles.Rules.Shellcheck;
using Drydock.Dockerfiles.Rules.Stages;
using Drydock.Dockerfiles.Rules.Syntax;
using Drydock.Dockerfiles.Rules.Variables;
using Drydock.Dockerfiles.Stages;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules;

/// <summary>
/// The Dockerfile rules (DF…), as a static list, and the entry points that run them. Other features run them on a
/// Dockerfile with their own build arguments through <see cref="CheckAsync"/>.
/// </summary>
public static class DockerfileRules
{
    public static IReadOnlyList<DockerfileRule> All { get; } =
    [
        new SyntaxErrorRule(),
        new UnknownInstructionRule(),
        new EmptyContinuationLineRule(),
        new InstructionBeforeFromRule(),
        new MisplacedDirectiveRule(),
        new InconsistentCasingRule(),
        new FromAsCasingRule(),
        new InvalidExecFormRule(),
        new ExecFormVariableRule(),
        new LegacyKeyValueRule(),
        new StageNameCasingRule(),
        new DuplicateStageNameRule(),
        new ReservedStageNameRule(),
        new UntaggedImageRule(),
        new LatestTagRule(),
        new ImageDigestRule(),
        new UntrustedRegistryRule(),
        new UndefinedArgInFromRule(),
        new InvalidDefaultArgInFromRule(),
        new PlatformConstantRule(),
        new RedundantTargetPlatformRule(),
        new UnusedStageRule(),
        new CopyFromUnknownStageRule(),
        new CopyFromOwnStageRule(),
        new CopyWholeStageRule(),
        new CopyDestinationSlashRule(),
        new RelativeCopyDestinationRule(),
        new RelativeWorkdirRule(),
        new SystemWorkdirRule(),
        new AddInsteadOfCopyRule(),
        new AddWithoutChecksumRule(),
        new CopyArchiveRule(),
        new FinalUserRootRule(),
        new FinalUserMissingRule(),
        new NumericUserRule(),
        new SecretNameRule(),
        new HardcodedSecretRule(),
        new SecretFileCopyRule(),
        new WorldWritableRule(),
        new ShellFormCommandRule(),
        new MultipleCmdRule(),
        new MultipleEntrypointRule(),
        new MultipleHealthcheckRule(),
        new MissingHealthcheckRule(),
        new InvalidHealthcheckRule(),
        new InvalidExposeRule(),
        new ExposeHostMappingRule(),
        new ExposeProtocolCasingRule(),
        new ExposeSshRule(),
        new MaintainerRule(),
        new EnvSelfReferenceRule(),
        new UndefinedVariableRule(),
        new OnbuildTriggerRule(),
        new PipefailRule(),
        new CdRule(),
        new SudoRule(),
        new WgetAndCurlRule(),
        new PointlessCommandRule(),
        new AptRule(),
        new NonInteractiveInstallRule(),
        new NoInstallRecommendsRule(),
        new UnpinnedOsPackagesRule(),
        new UnpinnedLanguagePackagesRule(),
        new AptListsRule(),
        new ApkCacheRule(),
        new RpmCacheRule(),
        new PipCacheRule(),
        new DistUpgradeRule(),
        new UpdateAloneRule(),
        new InstallWithoutUpdateRule(),
        new YarnCacheRule(),
        new NpmCiRule(),
        new UseraddRule(),
        new WgetProgressRule(),
        new PipeToShellRule(),
        new ConsecutiveRunRule(),
        new ShellSymlinkRule(),
        new ShellSyntaxRule(),
        new LabelKeyRule(),
    ];

    /// <summary>Every DF descriptor (the pure rules and ShellCheck's), for <c>Catalog.RuleCatalog</c>.</summary>
    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } = [.. All.Select(rule => rule.Descriptor), ShellcheckRule.Descriptor];

    /// <summary>Runs the pure rules (no ShellCheck, no suppressions).</summary>
    public static IReadOnlyList<Finding> Run(DockerfileAnalysis analysis)
    {
        var findings = new List<Finding>();
        foreach (var rule in All)
        {
            try
            {
                findings.AddRange(rule.Check(analysis));
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                throw new InvalidOperationException($"rule {rule.Descriptor.Id} failed on {analysis.Path}: {error.Message}", error);
            }
        }
        return findings;
    }

    /// <summary>
    /// Checks one Dockerfile: the rules with <paramref name="options"/>' build arguments, ShellCheck when
    /// <paramref name="shellcheck"/> is given, and the file's suppression pragmas. Configuration-level filtering
    /// (disabled rules, severities) is the caller's (see <c>Checking.FindingFilter</c>).
    /// </summary>
    public static async Task<IReadOnlyList<Finding>> CheckAsync(DockerfileDocument document, DockerfileRuleOptions? options = null, ShellcheckOptions? shellcheck = null, CancellationToken cancellationToken = default)
    {
        var analysis = new DockerfileAnalysis(document, options);
        var findings = new List<Finding>(Run(analysis));
        if (shellcheck is not null)
        {
            findings.AddRange(await ShellcheckRunner.RunAsync([analysis], shellcheck, cancellationToken).ConfigureAwait(false));
        }
        return Suppress(document, findings);
    }

    /// <summary>Drops the findings the Dockerfile's own pragmas suppress.</summary>
    public static IReadOnlyList<Finding> Suppress(DockerfileDocument document, IEnumerable<Finding> findings)
    {
        var pragmas = DockerfilePragmas.Parse(document);
        return findings.Where(finding => !pragmas.IsSuppressed(finding)).ToList();
    }
}
