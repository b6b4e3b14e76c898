using Drydock.Compose.Model;

namespace Drydock.Compose.Rules.Reliability;

/// <summary>Facts about a service's role in the project that several reliability rules share.</summary>
internal static class ServiceRoles
{
    /// <summary>A one-shot job: another service waits for it to complete, or it is told never to restart and exits.</summary>
    public static bool IsOneShot(ComposeService service, ComposeAnalysis model) =>
        model.Project.AllServices.Any(other => other.DependsOn.Any(dependency => dependency.Service == service.Name && dependency.Condition == ComposeDependency.CompletedSuccessfully));

    /// <summary>Whether the service has a health check: its own, or its Dockerfile's. Null when unknown (a pulled image may define one).</summary>
    public static bool? HasHealthcheck(ComposeService service, ComposeAnalysis model)
    {
        if (service.Healthcheck is { } healthcheck)
        {
            if (healthcheck.IsDisabled)
            {
                return false;
            }
            if (healthcheck.Test is { Count: > 0 })
            {
                return true;
            }
        }
        if (model.Facts.Dockerfiles.TryGetValue(service.Name, out var dockerfile) && dockerfile.Exists)
        {
            return dockerfile.HasHealthcheck;
        }
        return null; // a pulled image, or a Dockerfile we cannot read: it may define one
    }

    /// <summary>What a service runs, for messages: its image, or its Dockerfile.</summary>
    public static string Describe(ComposeService service) => service.Image?.Value ?? (service.Build?.DockerfilePath is { } path ? System.IO.Path.GetFileName(path) : "its image");

    /// <summary>Whether the service's Dockerfile was read (so its HEALTHCHECK and USER are known).</summary>
    public static bool DockerfileKnown(ComposeService service, ComposeAnalysis model) =>
        model.Facts.Dockerfiles.TryGetValue(service.Name, out var dockerfile) && dockerfile.Exists;
}
