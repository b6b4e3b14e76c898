using Drydock.Dockerfiles.Shell;
using Drydock.Dockerfiles.Stages;

namespace Drydock.Dockerfiles.Rules.Packages;

internal static class PackageRuleHelpers
{
    /// <summary>Package installs in POSIX RUNs, with their script.</summary>
    public static IReadOnlyList<InstallAt> Installs(DockerfileAnalysis analysis) => analysis.Installs;

    /// <summary>Stages whose files end up in the image: cache left there costs size, elsewhere it does not matter.</summary>
    public static bool InImage(DockerfileAnalysis analysis, ResolvedStage stage) => analysis.Resolution.ImageStages.Contains(stage);

    /// <summary>The script (any script of the same RUN) runs a command matching <paramref name="predicate"/>.</summary>
    public static bool RunDoes(DockerfileAnalysis analysis, RunScript script, Func<ShellCommand, bool> predicate) =>
        analysis.Scripts(script.Run).Any(other => other.Commands.Any(predicate));

    /// <summary>An <c>rm</c> of something under <paramref name="directory"/>.</summary>
    public static bool Removes(ShellCommand command, string directory) =>
        command.Is("rm") && command.Arguments.Any(argument => argument.Value.StartsWith(directory, StringComparison.Ordinal)
            || argument.Value.StartsWith("~/" + directory.TrimStart('/'), StringComparison.Ordinal));

    public static bool IsUpdate(DockerfileAnalysis analysis, ShellCommand command, params string[] tools) =>
        command.Is(tools) && analysis.VerbOf(command) == "update";
}
