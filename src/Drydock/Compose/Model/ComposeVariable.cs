using Drydock.Text;

namespace Drydock.Compose.Model;

/// <summary>Where a variable's value came from when the project was loaded.</summary>
public enum VariableSource
{
    /// <summary>The shell (process) environment.</summary>
    Shell,

    /// <summary>The project's .env file or an <c>--env-file</c>.</summary>
    DotEnv,

    /// <summary>Not set; the reference's default applies.</summary>
    Default,

    /// <summary>Not set and no default: it substitutes as an empty string (or fails when required).</summary>
    Unset,
}

/// <summary>A variable the project's Compose files refer to, as <c>config --variables</c> lists it.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="DefaultValue">The default of <c>${V:-d}</c>/<c>${V-d}</c>, or "".</param>
/// <param name="PresenceValue">The alternative of <c>${V:+a}</c>/<c>${V+a}</c>, or "".</param>
/// <param name="Required">Referenced as <c>${V:?}</c> or <c>${V?}</c>.</param>
/// <param name="Source">Where its value came from.</param>
/// <param name="Value">Its value when set (shell or .env); null when unset.</param>
public sealed record ComposeVariable(string Name, string DefaultValue, string PresenceValue, bool Required, VariableSource Source, string? Value)
{
    /// <summary>Every place the variable is referenced.</summary>
    public IReadOnlyList<SourceSpan> References { get; init; } = [];

    /// <summary>Some reference gives a default (<c>${V:-d}</c> or <c>${V-d}</c>), even an empty one.</summary>
    public bool HasDefault { get; init; }

    /// <summary>Some reference has no operator at all (<c>$V</c> or <c>${V}</c>): it substitutes "" when unset.</summary>
    public bool HasBareReference { get; init; }

    /// <summary>The .env file that set it, for <see cref="VariableSource.DotEnv"/>.</summary>
    public string? EnvFile { get; init; }
}
