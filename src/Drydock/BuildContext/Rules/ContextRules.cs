using Drydock.Findings;

namespace Drydock.BuildContext.Rules;

/// <summary>The build-context rules (CX): descriptors for the catalogue and the checks the analyzer runs.</summary>
public static class ContextRules
{
    public static readonly RuleDescriptor ContextTooLarge = new(
        "CX001", "Build context over its size target", RuleCategories.Performance, Severity.Warning,
        "The build context sends {0} in {1} files, over the {2} target",
        "Every build uploads the whole context before the first step runs. Exclude what the Dockerfile does not COPY "
        + "(tests, data, archives, build output) in .dockerignore, or raise the target under `context: max_size:` in drydock.yml.");

    public static readonly RuleDescriptor SecretSent = new(
        "CX002", "Secret file sent to the builder", RuleCategories.Security, Severity.Error,
        "{0} is sent to the builder ({1})",
        "Files in the context reach the builder and, with COPY . ., the image layers, where anyone who pulls the image "
        + "can read them. Add the file to .dockerignore and pass secrets with `RUN --mount=type=secret`.")
    {
        Aliases = ["DS-0036"],
    };

    public static readonly RuleDescriptor VcsDirectorySent = new(
        "CX003", "Version-control directory sent", RuleCategories.Performance, Severity.Warning,
        "The version-control directory {0} is sent ({1} files, {2})",
        "History is rarely needed in an image and often holds large objects and old secrets. Add `.git` (or `.hg`, "
        + "`.svn`) to .dockerignore; pass the commit as a build argument if the image needs it.");

    public static readonly RuleDescriptor DependencyOrOutputSent = new(
        "CX004", "Dependency or build-output directory sent", RuleCategories.Performance, Severity.Warning,
        "{0} is sent ({1}: {2} files, {3})",
        "Dependencies and build output are rebuilt inside the image; sending the host's copy slows every build and can "
        + "leak host-specific binaries into the image. Add the directory to .dockerignore (for example `**/node_modules`).");

    public static readonly RuleDescriptor NoIgnoreFile = new(
        "CX005", "No .dockerignore for a large context", RuleCategories.Performance, Severity.Warning,
        "There is no .dockerignore and the context sends {0} files ({1})",
        "Without an ignore file everything in the directory is uploaded on every build. Add a .dockerignore that "
        + "excludes at least .git, dependency folders and build output.");

    public static readonly RuleDescriptor CopySourceExcluded = new(
        "CX006", "COPY/ADD source excluded by the ignore file", RuleCategories.Correctness, Severity.Error,
        "COPY/ADD source '{0}' exists in the context but {1} excludes it: the build fails",
        "The builder only sees what the ignore file lets through, so this instruction cannot find its source. Remove "
        + "the matching pattern, add an exception (`!path`) after it, or stop copying the path.");

    public static readonly RuleDescriptor UnreadableEntry = new(
        "CX007", "Unreadable file in the context", RuleCategories.Reliability, Severity.Error,
        "{0} cannot be read ({1}): the build fails when it sends the context",
        "The builder must read every file it sends. Fix the permissions, or exclude the path in .dockerignore.");

    public static readonly RuleDescriptor InvalidPattern = new(
        "CX008", "Invalid .dockerignore pattern", RuleCategories.Syntax, Severity.Error,
        "{0}",
        "Docker refuses the whole build when a pattern is malformed. Escape a literal '[', ']', '-' or '\\' with '\\', "
        + "close every '[' with ']', and write a path after each '!'.");

    /// <summary>Every CX descriptor, for <see cref="RuleCatalog"/>.</summary>
    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } =
    [
        ContextTooLarge, SecretSent, VcsDirectorySent, DependencyOrOutputSent, NoIgnoreFile, CopySourceExcluded, UnreadableEntry, InvalidPattern,
    ];

    /// <summary>The checks over a walked context (CX008 comes from reading the ignore file, before any walk).</summary>
    public static IReadOnlyList<IRule<ContextModel>> All { get; } =
    [
        new ContextSizeRule(),
        new SecretSentRule(),
        new VcsDirectorySentRule(),
        new DependencyOrOutputSentRule(),
        new NoIgnoreFileRule(),
        new CopySourceExcludedRule(),
        new UnreadableEntryRule(),
    ];
}
