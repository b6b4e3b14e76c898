using System.Text.RegularExpressions;
using Drydock.Text;

namespace Drydock.Images.Assertions;

/// <summary>
/// What an image must look like, as container-structure-test (metadataTest, fileExistenceTest, fileContentTest) and
/// dive's CI mode check it: read from drydock.yml's <c>image:</c> or from <c>drydock inspect --expect FILE</c>.
/// </summary>
public sealed record ImageAssertions
{
    public MetadataAssertions? Metadata { get; init; }

    public IReadOnlyList<FileAssertion> Files { get; init; } = [];

    public EfficiencyThresholds? Efficiency { get; init; }

    public bool IsEmpty => Metadata is null && Files.Count == 0 && Efficiency is not { HasAny: true };

    /// <summary>Absolute paths whose content a file assertion reads (the scan keeps them).</summary>
    public IReadOnlySet<string> ContentPaths =>
        Files.Where(file => file.Contains.Count + file.Excludes.Count > 0).Select(file => file.Path).ToHashSet(StringComparer.Ordinal);
}

/// <summary>A value that must equal <see cref="Exact"/> or match <see cref="Pattern"/> (one of the two).</summary>
public sealed record ValueExpectation(string? Exact, Regex? Pattern)
{
    public bool IsMet(string value) => Pattern?.IsMatch(value) ?? string.Equals(Exact, value, StringComparison.Ordinal);

    public override string ToString() => Pattern is { } pattern ? $"matches /{pattern}/" : $"= {Exact}";
}

/// <summary>An environment variable or label: present, and (when given) with a value.</summary>
public sealed record KeyValueAssertion(string Key, ValueExpectation? Value, SourceSpan Span);

public enum HealthcheckExpectation
{
    Present,
    Absent,
}

/// <summary>container-structure-test's metadataTest. Null properties are not checked.</summary>
public sealed record MetadataAssertions
{
    public IReadOnlyList<KeyValueAssertion> Env { get; init; } = [];

    public IReadOnlyList<KeyValueAssertion> Labels { get; init; } = [];

    /// <summary>Ports that must be exposed (<c>8080</c> means <c>8080/tcp</c>).</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    public IReadOnlyList<string> UnexposedPorts { get; init; } = [];

    /// <summary>Exactly this ENTRYPOINT; an empty list means none.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public string? Workdir { get; init; }

    /// <summary>The configured USER, as written in the image config (<c>app</c>, <c>1000:1000</c>).</summary>
    public string? User { get; init; }

    /// <summary>Volumes that must be declared.</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    public HealthcheckExpectation? Healthcheck { get; init; }
}

/// <summary>A path in the final file system: fileExistenceTest and fileContentTest.</summary>
public sealed record FileAssertion(string Path, SourceSpan Span)
{
    /// <summary>False: the path must not exist (the other checks then do not apply).</summary>
    public bool ShouldExist { get; init; } = true;

    /// <summary>Permission bits, setuid/setgid/sticky included (<c>0755</c>, or <c>-rwxr-xr-x</c> with the type letter).</summary>
    public int? Mode { get; init; }

    /// <summary>The type letter when the mode was written as <c>ls -l</c> prints it (<c>-</c>, <c>d</c>, <c>l</c>…).</summary>
    public char? TypeLetter { get; init; }

    public int? Uid { get; init; }

    public int? Gid { get; init; }

    public long? MinSize { get; init; }

    public long? MaxSize { get; init; }

    public string? LinkTarget { get; init; }

    /// <summary>Regular expressions the content must match (each).</summary>
    public IReadOnlyList<Regex> Contains { get; init; } = [];

    /// <summary>Regular expressions the content must not match.</summary>
    public IReadOnlyList<Regex> Excludes { get; init; } = [];

    /// <summary>Names the directory must hold (directly).</summary>
    public IReadOnlyList<string> Listing { get; init; } = [];

    /// <summary>True: the directory holds exactly <see cref="Listing"/>, nothing else.</summary>
    public bool ListingExact { get; init; }
}

/// <summary>dive's CI rules (<c>.dive-ci</c>): null means disabled.</summary>
public sealed record EfficiencyThresholds
{
    /// <summary>Fails when the efficiency (0-1) is below this.</summary>
    public double? LowestEfficiency { get; init; }

    /// <summary>Fails when more bytes than this are wasted.</summary>
    public long? HighestWastedBytes { get; init; }

    /// <summary>Fails when wasted bytes over the size of every layer but the first (0-1) exceed this.</summary>
    public double? HighestUserWastedPercent { get; init; }

    /// <summary>Where the thresholds were read (a <c>.dive-ci</c> file, or the expectations file).</summary>
    public string? Source { get; init; }

    public bool HasAny => LowestEfficiency is not null || HighestWastedBytes is not null || HighestUserWastedPercent is not null;

    /// <summary>This file's thresholds, each one this file does not set taken from <paramref name="fallback"/>.</summary>
    public EfficiencyThresholds Over(EfficiencyThresholds? fallback) => fallback is null ? this : new EfficiencyThresholds
    {
        LowestEfficiency = LowestEfficiency ?? fallback.LowestEfficiency,
        HighestWastedBytes = HighestWastedBytes ?? fallback.HighestWastedBytes,
        HighestUserWastedPercent = HighestUserWastedPercent ?? fallback.HighestUserWastedPercent,
        Source = Source,
    };
}

/// <summary>One assertion's outcome: a name ("metadata env PATH"), pass or fail, and what was found.</summary>
public sealed record AssertionResult(string Name, bool Passed, string Detail);
