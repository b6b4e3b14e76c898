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
        var parallel = new ParallelOptions { CancellationToken = session.CancellationToken };
        Unwrapped(() => Parallel.For(0, targets.Count, parallel, index =>
        {
            var target = targets[index];
            var analysis = new DockerfileAnalysis(session.Dockerfiles.Get(target.Path), new DockerfileRuleOptions
            {
                BuildArgs = target.BuildArgs,
                Target = target.Target,
                TrustedRegistries = options,
            });
            // The scripts are what ShellCheck needs: parse them now, so it can start while the rules run.
            _ = analysis.AllScripts;
            analyses[index] = analysis;
        }));
        var shellcheck = session.Shellcheck is { } tool
            ? ShellcheckRunner.RunAsync(analyses, tool, session.CancellationToken)
            : Task.FromResult<IReadOnlyList<Finding>>([]);
        var findings = new List<Finding>[targets.Count];
        Unwrapped(() => Parallel.For(0, targets.Count, parallel, index => findings[index] = [.. DockerfileRules.Run(analyses[index])]));
        var all = findings.SelectMany(list => list).ToList();
        all.AddRange(await shellcheck.ConfigureAwait(false));
        var result = new List<Finding>(all.Count);
        foreach (var group in all.GroupBy(finding => finding.Span.File, StringComparer.Ordinal))
        {
            var document = session.Dockerfiles.Get(group.Key);
            result.AddRange(DockerfileRules.Suppress(document, group));
        }
        return result;
    }

    /// <summary>An unreadable file is an input error (exit 2), not an internal one: unwrap it from the parallel loop.</summary>
    private static void Unwrapped(Action action)
    {
        try
        {
            action();
        }
        catch (AggregateException error) when (error.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
        }
    }

    public int FilesAnalyzed(CheckSession session) => session.DockerfileTargets.Select(t => t.Path).Distinct(StringComparer.Ordinal).Count();
}
