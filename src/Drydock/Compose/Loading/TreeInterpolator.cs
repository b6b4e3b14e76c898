using Drydock.Compose.Interpolation;
using Drydock.Yaml;

namespace Drydock.Compose.Loading;

/// <summary>The type a substituted string is converted to at a cast path.</summary>
public enum CastKind
{
    Integer,
    Float,
    Boolean,
}

/// <summary>
/// Substitutes variables in every string value of a tree (keys are never substituted), keeping each scalar's span.
/// At the paths where Compose casts the result (<c>services.*.pids_limit</c>, <c>…read_only</c>…) the new value is
/// typed as a number or boolean. Errors are reported with Compose's messages and the scalar's position; the value is
/// then left as written so loading can go on and report every problem.
/// </summary>
public sealed class TreeInterpolator(VariableLookup lookup, Action<ComposeProblem> report, Action<VariableUse>? observe = null, IReadOnlyList<(ComposePath Pattern, CastKind Kind)>? casts = null, Action<YamlScalar>? substituted = null)
{
    /// <summary>Compose's cast table (compose-go loader/interpolate.go).</summary>
    public static readonly IReadOnlyList<(ComposePath Pattern, CastKind Kind)> ComposeCasts =
    [
        (ComposePath.Pattern("services.*.cpu_count"), CastKind.Integer),
        (ComposePath.Pattern("services.*.cpu_percent"), CastKind.Float),
        (ComposePath.Pattern("services.*.cpu_period"), CastKind.Integer),
        (ComposePath.Pattern("services.*.cpu_quota"), CastKind.Integer),
        (ComposePath.Pattern("services.*.cpu_rt_period"), CastKind.Integer),
        (ComposePath.Pattern("services.*.cpu_rt_runtime"), CastKind.Integer),
        (ComposePath.Pattern("services.*.cpus"), CastKind.Float),
        (ComposePath.Pattern("services.*.cpu_shares"), CastKind.Integer),
        (ComposePath.Pattern("services.*.init"), CastKind.Boolean),
        (ComposePath.Pattern("services.*.depends_on.*.required"), CastKind.Boolean),
        (ComposePath.Pattern("services.*.depends_on.*.restart"), CastKind.Boolean),
        (ComposePath.Pattern("services.*.deploy.replicas"), CastKind.Integer),
        (ComposePath.Pattern("services.*.deploy.update_config.parallelism"), CastKind.Integer),
        (ComposePath.Pattern("services.*.deploy.update_config.max_failure_ratio"), CastKind.Float),
        (ComposePath.Pattern("services.*.deploy.rollback_config.parallelism"), CastKind.Integer),
        (ComposePath.Pattern("services.*.deploy.rollback_config.max_failure_ratio"), CastKind.Float),
        (ComposePath.Pattern("services.*.deploy.restart_policy.max_attempts"), CastKind.Integer),
        (ComposePath.Pattern("services.*.deploy.placement.max_replicas_per_node"), CastKind.Integer),
        (ComposePath.Pattern("services.*.healthcheck.retries"), CastKind.Integer),
        (ComposePath.Pattern("services.*.healthcheck.disable"), CastKind.Boolean),
        (ComposePath.Pattern("services.*.oom_kill_disable"), CastKind.Boolean),
        (ComposePath.Pattern("services.*.oom_score_adj"), CastKind.Integer),
        (ComposePath.Pattern("services.*.pids_limit"), CastKind.Integer),
        (ComposePath.Pattern("services.*.ports.[].target"), CastKind.Integer),
        (ComposePath.Pattern("services.*.privileged"), CastKind.Boolean),
        (ComposePath.Pattern("services.*.read_only"), CastKind.Boolean),
        (ComposePath.Pattern("services.*.scale"), CastKind.Integer),
        (ComposePath.Pattern("services.*.stdin_open"), CastKind.Boolean),
        (ComposePath.Pattern("services.*.tty"), CastKind.Boolean),
        (ComposePath.Pattern("services.*.ulimits.*"), CastKind.Integer),
        (ComposePath.Pattern("services.*.ulimits.*.hard"), CastKind.Integer),
        (ComposePath.Pattern("services.*.ulimits.*.soft"), CastKind.Integer),
        (ComposePath.Pattern("services.*.volumes.[].read_only"), CastKind.Boolean),
        (ComposePath.Pattern("services.*.volumes.[].volume.nocopy"), CastKind.Boolean),
        (ComposePath.Pattern("networks.*.external"), CastKind.Boolean),
        (ComposePath.Pattern("networks.*.internal"), CastKind.Boolean),
        (ComposePath.Pattern("networks.*.attachable"), CastKind.Boolean),
        (ComposePath.Pattern("networks.*.enable_ipv4"), CastKind.Boolean),
        (ComposePath.Pattern("networks.*.enable_ipv6"), CastKind.Boolean),
        (ComposePath.Pattern("volumes.*.external"), CastKind.Boolean),
        (ComposePath.Pattern("secrets.*.external"), CastKind.Boolean),
        (ComposePath.Pattern("configs.*.external"), CastKind.Boolean),
    ];

    private readonly IReadOnlyList<(ComposePath Pattern, CastKind Kind)> _casts = casts ?? ComposeCasts;
    private readonly Dictionary<YamlNode, bool> _hasVariables = new(ReferenceEqualityComparer.Instance);

    /// <summary>Interpolates a document's root mapping; top-level keys start the paths.</summary>
    public YamlMapping InterpolateRoot(YamlMapping root) => (YamlMapping)Interpolate(root, ComposePath.Root);

    public YamlNode Interpolate(YamlNode node, ComposePath path)
    {
        if (!HasVariables(node))
        {
            return node;
        }
        switch (node)
        {
            case YamlScalar scalar:
                return InterpolateScalar(scalar, path);
            case YamlMapping mapping:
            {
                var entries = new List<YamlEntry>(mapping.Entries.Count);
                foreach (var entry in mapping.Entries)
                {
                    entries.Add(entry with { Value = Interpolate(entry.Value, path.Next(entry.Key.Value)) });
                }
                return new YamlMapping(entries, mapping.Span) { Tag = mapping.Tag };
            }
            case YamlSequence sequence:
            {
                var items = new List<YamlNode>(sequence.Items.Count);
                var itemPath = path.Item();
                foreach (var item in sequence.Items)
                {
                    items.Add(Interpolate(item, itemPath));
                }
                return new YamlSequence(items, sequence.Span) { Tag = sequence.Tag };
            }
            default:
                return node;
        }
    }

    private YamlNode InterpolateScalar(YamlScalar scalar, ComposePath path)
    {
        var result = ComposeTemplate.Substitute(scalar.Value, lookup, observe);
        if (result.Error is { } error)
        {
            var message = error is InvalidTemplateException invalid
                ? $"invalid interpolation format for {path}.\nYou may need to escape any $ with another $.\n{invalid.Template}"
                : $"error while interpolating {path}: {error.Message}";
            report(new ComposeProblem(ComposeProblemKind.Interpolation, scalar.Span, message)
            {
                Fix = error is MissingRequiredVariableException missing
                    ? $"Set {missing.Variable} in the shell or in the project's .env file."
                    : error is TemplateTooDeepException
                        ? "Set the variables in the project's .env file rather than nesting defaults this deep."
                        : "Write a literal '$' as '$$', and close every '${'.",
            });
            return scalar;
        }
        substituted?.Invoke(scalar);
        foreach (var (pattern, kind) in _casts)
        {
            if (path.Matches(pattern))
            {
                return Cast(scalar, result.Value, kind, path);
            }
        }
        return new YamlScalar(result.Value, YamlScalarStyle.DoubleQuoted, scalar.Span) { Tag = scalar.Tag };
    }

    private YamlNode Cast(YamlScalar scalar, string value, CastKind kind, ComposePath path)
    {
        var ok = kind switch
        {
            CastKind.Integer => ComposeNodes.TryParseInteger(value, out _) && !value.Contains('x', StringComparison.OrdinalIgnoreCase),
            CastKind.Float => ComposeNodes.TryParseInteger(value, out _) || ComposeNodes.TryParseFloat(value, out _),
            _ => ComposeNodes.TryBoolean(ComposeNodes.String(value, scalar.Span), out _),
        };
        if (!ok)
        {
            var expected = kind switch
            {
                CastKind.Integer => $"strconv.Atoi: parsing {GoStrings.Quote(value)}: invalid syntax",
                CastKind.Float => $"strconv.ParseFloat: parsing {GoStrings.Quote(value)}: invalid syntax",
                _ => $"invalid boolean: {value}",
            };
            report(new ComposeProblem(ComposeProblemKind.Interpolation, scalar.Span, $"error while interpolating {path}: failed to cast to expected type: {expected}"));
            return new YamlScalar(value, YamlScalarStyle.DoubleQuoted, scalar.Span);
        }
        if (kind == CastKind.Boolean)
        {
            ComposeNodes.TryBoolean(ComposeNodes.String(value, scalar.Span), out var flag);
            return ComposeNodes.Boolean(flag, scalar.Span);
        }
        return ComposeNodes.Plain(value, scalar.Span);
    }

    private bool HasVariables(YamlNode node)
    {
        if (node is YamlScalar scalar)
        {
            return scalar.Value.Contains('$', StringComparison.Ordinal);
        }
        if (_hasVariables.TryGetValue(node, out var known))
        {
            return known;
        }
        var result = node switch
        {
            YamlMapping mapping => mapping.Entries.Any(entry => HasVariables(entry.Value)),
            YamlSequence sequence => sequence.Items.Any(HasVariables),
            _ => false,
        };
        _hasVariables[node] = result;
        return result;
    }
}
