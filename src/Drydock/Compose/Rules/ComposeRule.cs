using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Compose.Rules;

/// <summary>
/// A Compose rule: its descriptor plus a pure check over a <see cref="ComposeAnalysis"/>. Per-service rules look at
/// every service, including those behind an inactive profile (they ship too); rules across services look at the
/// enabled ones, as Compose would run them.
/// </summary>
public abstract class ComposeRule(RuleDescriptor descriptor) : Rule<ComposeAnalysis>(descriptor)
{
    /// <summary>The services a per-service rule checks.</summary>
    protected static IEnumerable<ComposeService> Services(ComposeAnalysis model) => model.Project.AllServices;
}

/// <summary>A rule that looks at one service at a time.</summary>
public abstract class ServiceRule(RuleDescriptor descriptor) : ComposeRule(descriptor)
{
    public sealed override IEnumerable<Finding> Check(ComposeAnalysis model) => Services(model).SelectMany(service => Check(service, model));

    protected abstract IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model);
}

/// <summary>Building blocks shared by several rules.</summary>
internal static class RuleText
{
    /// <summary>Names the service the finding is about, so grouped rules (DC048) can gather one service's findings.</summary>
    public static Finding About(this Finding finding, ComposeService service, ComposeAnalysis model) =>
        finding with { Subject = new FindingSubject(service.Name, model.Project.WorkingDirectory) };

    /// <summary>A path as a message shows it: relative to the project directory ("./data") when inside it.</summary>
    public static string Display(string path, string projectDirectory)
    {
        var relative = Path.GetRelativePath(projectDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : "./" + relative.Replace('\\', '/');
    }

    /// <summary>The image reference's repository and tag (or digest); the tag is null when none is given.</summary>
    public static (string Repository, string? Tag, string? Digest) ParseImage(string image)
    {
        var digest = (string?)null;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        if (colon > slash)
        {
            return (image[..colon], image[(colon + 1)..], digest);
        }
        return (image, null, digest);
    }

    /// <summary>The image's name without registry and tag, lower-cased: "postgres" for "docker.io/library/postgres:16".</summary>
    public static string ImageName(string image)
    {
        var repository = ParseImage(image).Repository.ToLowerInvariant();
        var slash = repository.LastIndexOf('/');
        return slash < 0 ? repository : repository[(slash + 1)..];
    }
}
