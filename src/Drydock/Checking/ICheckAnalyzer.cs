using Drydock.Findings;

namespace Drydock.Checking;

/// <summary>
/// One family of <c>drydock check</c> (Dockerfiles, Compose files, build contexts). The run calls every analyzer's
/// <see cref="Prepare"/> in catalog order, then every <see cref="AnalyzeAsync"/> concurrently; findings of all
/// analyzers are de-duplicated, filtered by the configuration and reported together.
/// </summary>
public interface ICheckAnalyzer
{
    /// <summary>A short name for progress and errors ("dockerfile", "compose", "context").</summary>
    string Name { get; }

    /// <summary>Phase 1: look at the inputs and register work others must know about (Dockerfile targets with build args).</summary>
    void Prepare(CheckSession session);

    /// <summary>Phase 2: the findings. Read shared state from the session; never write files.</summary>
    Task<IReadOnlyList<Finding>> AnalyzeAsync(CheckSession session);

    /// <summary>How many input files the analyzer looked at (for <c>summary.files</c>).</summary>
    int FilesAnalyzed(CheckSession session);
}
