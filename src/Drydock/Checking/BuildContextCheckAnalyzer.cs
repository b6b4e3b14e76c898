using Drydock.BuildContext;
using Drydock.Dockerfiles.Stages;
using Drydock.Findings;

namespace Drydock.Checking;

/// <summary>
/// The build-context family (CX rules, src/Drydock/BuildContext) in <c>drydock check</c>: every registered build
/// context is walked as the builder would send it, with the COPY/ADD sources of its Dockerfile (from the shared
/// Dockerfile cache, ARG/ENV resolved with the session's build arguments) so CX006 can point at the instruction.
/// </summary>
public sealed class BuildContextCheckAnalyzer : ICheckAnalyzer
{
    public string Name => "context";

    public void Prepare(CheckSession session)
    {
        // Each discovered Dockerfile is built, by default, from the directory it is in.
        foreach (var dockerfile in session.Inputs.Dockerfiles)
        {
            session.AddBuildContext(new BuildContextInput(Path.GetDirectoryName(dockerfile)!, dockerfile));
        }
    }

    public Task<IReadOnlyList<Finding>> AnalyzeAsync(CheckSession session)
    {
        var settings = session.Configuration.ConfigFile is { } file ? ContextSettingsSection.Read(file) ?? new ContextRuleSettings() : new ContextRuleSettings();
        var findings = new List<Finding>();
        foreach (var context in session.BuildContexts)
        {
            session.CancellationToken.ThrowIfCancellationRequested();
            var sources = context.Dockerfile is { } dockerfile && File.Exists(dockerfile) ? Sources(session, dockerfile) : [];
            var analysis = ContextAnalyzer.Analyze(context.Directory, new ContextAnalysisOptions
            {
                DockerfilePath = context.Dockerfile is { } path && File.Exists(path) ? path : null,
                Sources = sources,
                MeasureExcluded = false,
                Settings = settings,
            }, session.CancellationToken);
            findings.AddRange(analysis.Findings);
        }
        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }

    public int FilesAnalyzed(CheckSession session) => 0;

    /// <summary>The Dockerfile's sources read from the context, resolved; unresolved ones cannot be matched and are left out.</summary>
    private static List<ContextSource> Sources(CheckSession session, string dockerfile)
    {
        var document = session.Dockerfiles.Get(dockerfile);
        var resolution = document.Resolve(session.BuildArgs);
        return document.CopySources(resolution)
            .Where(source => source.IsFromBuildContext && source.Path.IsResolved)
            .Select(source => new ContextSource(source.Path.Text, source.Stage.Stage.Name, source.Span))
            .ToList();
    }
}
