using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Correctness;

/// <summary>DC035: a bind mount whose host path does not exist.</summary>
public sealed class BindSourceMissingRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC035",
        "Bind-mounted host path missing",
        RuleCategories.Correctness,
        Severity.Warning,
        "service '{0}' mounts {1}, which does not exist{2}",
        "A missing host path is either created as an empty directory by Compose (so the container sees nothing where it expects files) or, with 'create_host_path: false', fails the start. Create the file or directory, or fix the path (relative paths start at the project directory).")
    {
        Aliases = [],
    };

    private static readonly RuleMessage OutsideProject = new(Severity.Info, "service '{0}' mounts {1}, which does not exist on this machine (a host path outside the project: the host that runs the stack must provide it)");

    private static readonly RuleMessage NotCreated = new(Severity.Error, "service '{0}' mounts {1}, which does not exist and create_host_path is false: the service will not start");

    /// <summary>Under the project directory or the directory of one of its Compose files (where relative paths lead).</summary>
    private static bool IsInsideProject(string source, ComposeAnalysis model)
    {
        static bool Under(string path, string directory)
        {
            var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
            return path.Equals(root, StringComparison.Ordinal) || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }
        var full = Path.GetFullPath(source);
        return Under(full, model.Project.WorkingDirectory)
            || model.Project.ComposeFiles.Any(file => Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory && Under(full, directory));
    }

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var mount in service.Volumes.Where(mount => mount.Type == ComposeVolumeMount.Bind && mount.Source is not null))
        {
            if (!model.Facts.HostPaths.TryGetValue(mount.Source!, out var exists) || exists)
            {
                continue;
            }
            var shown = RuleText.Display(mount.Source!, model.Project.WorkingDirectory);
            if (!IsInsideProject(mount.Source!, model))
            {
                // /lib/modules, /etc/pihole, ~/data: the host that runs the stack provides them, not the repository;
                // whether the machine running the linter has them says little.
                yield return Report(mount.Span, OutsideProject, service.Name, shown);
                continue;
            }
            yield return mount.BindCreateHostPath == false
                ? Report(mount.Span, NotCreated, service.Name, shown)
                : Report(mount.Span, service.Name, shown, ": Compose will create an empty directory there");
        }
    }
}
