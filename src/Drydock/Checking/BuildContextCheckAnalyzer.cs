using Drydock.BuildContext;
using Drydock.BuildContext.Walker;
using Drydock.Findings;

namespace Drydock.Checking;

/// <summary>
/// The build-context family (CX rules, src/Drydock/BuildContext) in <c>drydock check</c>: every registered build
/// context is walked as the builder would send it, with the COPY/ADD sources of its Dockerfile (from the shared
/// Dockerfile cache, ARG/ENV resolved with the build arguments it is built with) so CX006 can point at the instruction.
/// Registrations that send the same files (one directory, one ignore file) share one walk, with their sources together:
/// each context is walked, and reported, once.
/// </summary>
public sealed class BuildContextCheckAnalyzer : ICheckAnalyzer
{
    public string Name => "context";

    public void Prepare(CheckSession session)
    {
        // Each Dockerfile found in a searched directory is built, by default, from the directory it is in (discovery's
        // contexts); a Dockerfile named alone gets a context only from a Compose build that uses it.
        var directories = session.Inputs.BuildContexts.Select(context => context.Directory).ToHashSet(StringComparer.Ordinal);
        foreach (var dockerfile in session.Inputs.Dockerfiles.Where(dockerfile => directories.Contains(Path.GetDirectoryName(dockerfile)!)))
        {
            session.AddBuildContext(new BuildContextInput(Path.GetDirectoryName(dockerfile)!, dockerfile) { IsDefault = true });
        }
        // An ignore file named on the command line stands for the context it filters (discovery found its Dockerfile).
        var named = session.Inputs.IgnoreFiles.Select(Path.GetDirectoryName).ToHashSet(StringComparer.Ordinal);
        foreach (var context in session.Inputs.BuildContexts.Where(context => named.Contains(context.Directory)
            && (context.Dockerfile is null || !session.Inputs.Dockerfiles.Contains(context.Dockerfile, StringComparer.Ordinal))))
        {
            session.AddBuildContext(context);
        }
    }

    public Task<IReadOnlyList<Finding>> AnalyzeAsync(CheckSession session)
    {
        var settings = session.Configuration.ConfigFile is { } file ? ContextSettingsSection.Read(file) ?? new ContextRuleSettings() : new ContextRuleSettings();
        var findings = new List<Finding>();
        var walks = session.BuildContexts
            .Select(context => context with { Dockerfile = context.Dockerfile is { } path && File.Exists(path) ? path : null })
            .GroupBy(context => (context.Directory, ContextAnalyzer.SelectIgnoreFile(context.Directory, context.Dockerfile, ContextBuilder.BuildKit).Path));
        foreach (var walk in walks)
        {
            session.CancellationToken.ThrowIfCancellationRequested();
            var sources = walk.Where(context => context.Dockerfile is not null)
                .SelectMany(context => Sources(session, context))
                .Distinct()
                .ToList();
            var analysis = ContextAnalyzer.Analyze(walk.Key.Directory, new ContextAnalysisOptions
            {
                DockerfilePath = walk.Select(context => context.Dockerfile).FirstOrDefault(path => path is not null),
                Sources = sources,
                MeasureExcluded = false,
                Settings = settings,
            }, session.CancellationToken);
            findings.AddRange(analysis.Findings);
        }
        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }

    public int FilesAnalyzed(CheckSession session) => session.Inputs.IgnoreFiles.Count;

    /// <summary>The Dockerfile's sources read from the context, resolved; unresolved ones cannot be matched and are left out.</summary>
    private static IEnumerable<ContextSource> Sources(CheckSession session, BuildContextInput context)
    {
        var document = session.Dockerfiles.Get(context.Dockerfile!);
        var resolution = document.Resolve(context.BuildArgs ?? session.BuildArgs, context.Target);
        return document.CopySources(resolution)
            .Where(source => source.IsFromBuildContext && source.Path.IsResolved)
            .Select(source => new ContextSource(source.Path.Text, source.Stage.Stage.Name, source.Span));
    }
}
