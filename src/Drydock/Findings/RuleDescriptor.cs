using System.Globalization;

namespace Drydock.Findings;

/// <summary>
/// What a rule is, as data: the check itself is a separate pure function (see <see cref="IRule{TModel}"/>).
/// Ids are a family prefix (DF Dockerfile, DC Compose, CX build context, IM image, RT runtime, DD Drydock itself)
/// plus three digits, and are never reused.
/// </summary>
public sealed record RuleDescriptor
{
    public RuleDescriptor(string id, string title, string category, Severity defaultSeverity, string messageFormat, string help)
    {
        if (!RuleIds.IsValid(id))
        {
            throw new ArgumentException($"Rule id '{id}' is not a family prefix followed by three digits.", nameof(id));
        }
        Id = id;
        Title = title;
        Category = category;
        DefaultSeverity = defaultSeverity;
        MessageFormat = messageFormat;
        Help = help;
    }

    public string Id { get; }

    public string Title { get; }

    /// <summary>One of <see cref="RuleCategories"/>.</summary>
    public string Category { get; }

    public Severity DefaultSeverity { get; }

    /// <summary>A composite format string (<c>{0}</c>, <c>{1}</c>…) that names the offending value.</summary>
    public string MessageFormat { get; }

    /// <summary>Why it matters and how to fix it, in a few sentences.</summary>
    public string Help { get; }

    /// <summary>Equivalent ids in other tools (hadolint DL…, BuildKit check names, Trivy DS…, KICS, CIS…).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The line a finding points at holds a credential: code frames show its key, never its value.</summary>
    public bool MasksSourceValues { get; init; }

    /// <summary>Style rules are off unless enabled in configuration.</summary>
    public bool EnabledByDefault { get; init; } = true;

    /// <summary>
    /// The finding that gathers this rule's findings with those of sibling rules by default (DC048 for the hardening
    /// settings of a service); null when the rule always reports on its own. The group's id and aliases select this
    /// rule too, in pragmas and configuration.
    /// </summary>
    public RuleDescriptor? Group { get; init; }

    /// <summary>The short phrase naming what this rule finds missing, in its group's message ("no cap_drop").</summary>
    public string? GroupPart { get; init; }

    /// <summary>The setting that fixes it, as the group's combined fix lists it ("cap_drop: [ALL]").</summary>
    public string? GroupFix { get; init; }

    public Uri HelpUri => new($"{RuleIds.DocumentationBase}#{Id.ToLowerInvariant()}");

    public string FormatMessage(params object?[] args) =>
        args.Length == 0 ? MessageFormat : string.Format(CultureInfo.InvariantCulture, MessageFormat, args);

    // Records compare by value; a descriptor's identity is its id.
    public bool Equals(RuleDescriptor? other) => other is not null && other.Id == Id;

    public override int GetHashCode() => Id.GetHashCode(StringComparison.Ordinal);
}

public static class RuleCategories
{
    public const string Syntax = "syntax";
    public const string Security = "security";
    public const string Reliability = "reliability";
    public const string Correctness = "correctness";
    public const string Maintainability = "maintainability";
    public const string Performance = "performance";
    public const string Style = "style";
}

public static class RuleIds
{
    /// <summary>Where each rule's help lives: docs/rules.md in the repository, one anchor per rule id.</summary>
    public const string DocumentationBase = ProjectInfo.RepositoryUrl + "/blob/main/docs/rules.md";

    public static bool IsValid(string id) =>
        id.Length == 5
        && char.IsAsciiLetterUpper(id[0]) && char.IsAsciiLetterUpper(id[1])
        && char.IsAsciiDigit(id[2]) && char.IsAsciiDigit(id[3]) && char.IsAsciiDigit(id[4]);
}
