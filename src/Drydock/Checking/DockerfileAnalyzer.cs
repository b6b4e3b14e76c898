using Drydock.Dockerfiles.Rules;
using Drydock.Dockerfiles.Rules.Shellcheck;
using Drydock.Findings;

namespace Drydock.Checking;

/// <summary>
/// The Dockerfile family: every registered <see cref="DockerfileTarget"/> is parsed once (through the session's
/// cache), resolved with its build arguments and checked by the DF rules; ShellCheck runs once over all RUN scripts;
/// each file's pragmas then apply.
/// </summary>
public sealed class DockerfileAnalyzer : ICheckAnalyzer
{
    public string Name => "dockerfile";

    public void Prepare(CheckSession session)
    {
        foreach (var path in session.Inputs.Dockerfiles)
        {
            session.AddDockerfileTarget(new DockerfileTarget(path, session.BuildArgs, null, "discovered") { IsDefault = true });
        }
    }

    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(CheckSession session)
    {
        var targets = session.DockerfileTargets;
        var options = session.Configuration.TrustedRegistries;
        var analyses = new DockerfileAnalysis[targets.Count];
        var findings = new List<Finding>[targets.Count];
        Parallel.For(0, targets.Count, new ParallelOptions { CancellationToken = session.CancellationToken }, index =>
        {
            var target = targets[index];
            var document = session.Dockerfiles.Get(target.Path);
            var analysis = new DockerfileAnalysis(document, new DockerfileRuleOptions
            {
                BuildArgs = target.BuildArgs,
                Target = target.Target,
                TrustedRegistries = options,
            });
            analyses[index] = analysis;
            findings[index] = [.. DockerfileRules.Run(analysis)];
        });
        var all = findings.SelectMany(list => list).ToList();
        if (session.Shellcheck is { } shellcheck)
        {
            all.AddRange(await ShellcheckRunner.RunAsync(analyses, shellcheck, session.CancellationToken).ConfigureAwait(false));
        }
        var result = new List<Finding>(all.Count);
        foreach (var group in all.GroupBy(finding => finding.Span.File, StringComparer.Ordinal))
        {
            var document = session.Dockerfiles.Get(group.Key);
            result.AddRange(DockerfileRules.Suppress(document, group));
        }
        return result;
    }

    public int FilesAnalyzed(CheckSession session) => session.DockerfileTargets.Select(t => t.Path).Distinct(StringComparer.Ordinal).Count();
}
