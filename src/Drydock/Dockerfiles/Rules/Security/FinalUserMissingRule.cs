using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Security;

/// <summary>DF034: no USER anywhere in the final stage (or the stages it is built FROM).</summary>
public sealed class FinalUserMissingRule() : DockerfileRule(Describe(
    "DF034", "No USER in the final stage", RuleCategories.Security, Severity.Warning,
    "The final stage {0} sets no USER: the container runs as the user of '{1}', which is root unless that image sets another",
    "Set an unprivileged user explicitly as the last USER (USER 10001:10001), even when the base image has one: the Dockerfile then says what runs, and a base image change cannot turn it into root.",
    "DS-0002"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        if (analysis.Resolution.Target is not { EffectiveUser: null } target)
        {
            yield break;
        }
        var root = target;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }
        var image = root.BaseName.Text;
        // Images built to run unprivileged say so in their name (distroless :nonroot, chainguard…).
        if (image.Contains("nonroot", StringComparison.OrdinalIgnoreCase) || image.Contains("non-root", StringComparison.OrdinalIgnoreCase) || image.Contains("rootless", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }
        // Windows images (servercore, nanoserver) run as ContainerUser or ContainerAdministrator, not as a Unix uid:
        // "root unless the image sets another" does not describe them, so the rule stays silent.
        if (IsWindowsImage(image))
        {
            yield break;
        }
        yield return Report(target.Stage.From.Image.Span, target.Stage.DisplayName, image);
    }

    /// <summary>mcr.microsoft.com/windows/servercore, …/nanoserver, and tags such as python:3.12-windowsservercore-ltsc2022.</summary>
    public static bool IsWindowsImage(string image) =>
        image.Contains("servercore", StringComparison.OrdinalIgnoreCase)
        || image.Contains("nanoserver", StringComparison.OrdinalIgnoreCase)
        || image.Contains("mcr.microsoft.com/windows", StringComparison.OrdinalIgnoreCase);
}
