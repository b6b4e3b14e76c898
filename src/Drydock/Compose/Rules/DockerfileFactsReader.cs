using Drydock.Dockerfiles.Parsing;
using Drydock.Dockerfiles.Stages;

namespace Drydock.Compose.Rules;

/// <summary>
/// What the Compose rules need from a service's Dockerfile (the built stage's USER, HEALTHCHECK and base image), read
/// with the Dockerfile parser and its BuildKit ARG/ENV resolution: the same model the DF rules judge, so the two
/// families never disagree about a Dockerfile.
/// </summary>
public static class DockerfileFactsReader
{
    /// <summary>Reads and parses <paramref name="path"/>; an unreadable file is reported as not existing.</summary>
    public static DockerfileFacts Read(string path, string? target, IReadOnlyDictionary<string, string> buildArgs)
    {
        DockerfileDocument document;
        try
        {
            document = DockerfileDocument.Load(path);
        }
        catch (DrydockException)
        {
            return new DockerfileFacts(path, false);
        }
        return Read(document, target, buildArgs);
    }

    /// <summary>The facts of <paramref name="document"/> built with <paramref name="buildArgs"/> up to <paramref name="target"/> (the last stage when null).</summary>
    public static DockerfileFacts Read(DockerfileDocument document, string? target, IReadOnlyDictionary<string, string> buildArgs)
    {
        ArgumentNullException.ThrowIfNull(document);
        var resolution = document.Resolve(buildArgs, target);
        // An unknown target fails the build (TargetFound says so); the other facts then describe the last stage.
        var built = resolution.Target ?? resolution.Stages.LastOrDefault();
        var facts = new DockerfileFacts(document.Path, true) { TargetFound = target is null || resolution.Target is not null };
        if (built is null)
        {
            return facts;
        }
        var root = built;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }
        return facts with
        {
            User = built.EffectiveUser is { } user ? (user.Value.IsResolved ? user.Value.Text : user.Raw) : null,
            HasHealthcheck = HasHealthcheck(built),
            BaseImage = root.BaseName.IsResolved ? root.BaseName.Text : null,
        };
    }

    /// <summary>The last HEALTHCHECK of the stage, else of the stages it is built FROM; NONE turns it off.</summary>
    private static bool HasHealthcheck(ResolvedStage stage)
    {
        for (var current = stage; current is not null; current = current.Parent)
        {
            if (current.Stage.OfType<HealthcheckInstruction>().LastOrDefault() is { } healthcheck)
            {
                return !string.Equals(healthcheck.Type?.Value, "NONE", StringComparison.OrdinalIgnoreCase);
            }
        }
        return false;
    }
}
