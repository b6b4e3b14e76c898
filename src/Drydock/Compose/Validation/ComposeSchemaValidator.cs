using Drydock.Compose.Loading;
using Drydock.Text;
using Drydock.Yaml;

namespace Drydock.Compose.Validation;

/// <summary>
/// Checks one Compose document against <see cref="ComposeSchema"/>: unknown keys (with a did-you-mean), wrong types,
/// values outside their allowed set, missing required keys. Every problem is reported, not only the first.
/// </summary>
public static class ComposeSchemaValidator
{
    public static void Validate(YamlMapping root, Action<ComposeProblem> report)
    {
        ArgumentNullException.ThrowIfNull(root);
        Check(root, ComposeSchema.Root, ComposePath.Root, report);
    }

    private static void Check(YamlNode node, Shape shape, ComposePath path, Action<ComposeProblem> report)
    {
        switch (shape)
        {
            case AnyShape:
                return;
            case ScalarShape scalar:
                CheckScalar(node, scalar, path, report);
                return;
            case ArrayShape array:
                if (node is YamlSequence sequence)
                {
                    var itemPath = path.Item();
                    foreach (var item in sequence.Items)
                    {
                        Check(item, array.Items, itemPath, report);
                    }
                }
                else
                {
                    Mismatch(node, shape, path, report);
                }
                return;
            case ObjectShape objectShape:
                CheckObject(node, objectShape, path, report);
                return;
            case OneOfShape oneOf:
                var option = oneOf.Options.FirstOrDefault(candidate => Fits(node, candidate));
                if (option is null)
                {
                    Mismatch(node, shape, path, report);
                }
                else
                {
                    Check(node, option, path, report);
                }
                return;
        }
    }

    private static void CheckObject(YamlNode node, ObjectShape shape, ComposePath path, Action<ComposeProblem> report)
    {
        if (node is YamlScalar nullScalar && ComposeNodes.IsNull(nullScalar) && shape.AllowNull)
        {
            return;
        }
        if (node is not YamlMapping mapping)
        {
            Mismatch(node, shape, path, report);
            return;
        }
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            var next = path.Next(key);
            if (shape.Properties.TryGetValue(key, out var property))
            {
                Check(entry.Value, property, next, report);
                continue;
            }
            if (shape.AllowExtensions && key.StartsWith("x-", StringComparison.Ordinal))
            {
                continue;
            }
            if (shape.AdditionalProperties is { } additional)
            {
                if (shape.KeyPattern is { } pattern && !pattern(key))
                {
                    report(new ComposeProblem(ComposeProblemKind.Schema, entry.Key.Span, $"{Where(path)}: invalid name '{key}': use only {shape.KeyPatternDescription}"));
                    continue;
                }
                Check(entry.Value, additional, next, report);
                continue;
            }
            var suggestion = Suggest(key, shape.Properties.Keys);
            report(new ComposeProblem(ComposeProblemKind.Schema, entry.Key.Span, $"{Where(path)}: additional property '{key}' is not allowed{(suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)")}")
            {
                Fix = suggestion is null ? "Remove it, or prefix it with x- to keep it as an extension." : $"Rename it to '{suggestion}'.",
            });
        }
        foreach (var required in shape.Required)
        {
            if (mapping.Find(required) is null)
            {
                report(new ComposeProblem(ComposeProblemKind.Schema, mapping.Span, $"{Where(path)}: '{required}' is required"));
            }
        }
    }

    private static void CheckScalar(YamlNode node, ScalarShape shape, ComposePath path, Action<ComposeProblem> report)
    {
        if (node is not YamlScalar scalar || !TypeFits(scalar, shape.Types))
        {
            Mismatch(node, shape, path, report);
            return;
        }
        if (shape.Allowed is { Count: > 0 } allowed && ComposeNodes.TextOf(scalar) is { } text && !allowed.Contains(text, StringComparer.Ordinal))
        {
            var suggestion = Suggest(text, allowed);
            report(new ComposeProblem(ComposeProblemKind.Schema, scalar.Span, $"{path} must be one of: {string.Join(", ", allowed)}; '{text}' is not{(suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)")}"));
        }
    }

    private static bool Fits(YamlNode node, Shape shape) => shape switch
    {
        AnyShape => true,
        ScalarShape scalar => node is YamlScalar value && TypeFits(value, scalar.Types),
        ArrayShape => node is YamlSequence,
        ObjectShape objectShape => node is YamlMapping || (objectShape.AllowNull && ComposeNodes.IsNull(node)),
        OneOfShape oneOf => oneOf.Options.Any(option => Fits(node, option)),
        _ => false,
    };

    private static bool TypeFits(YamlScalar scalar, ValueTypes types) => ComposeNodes.Kind(scalar) switch
    {
        ScalarKind.Null => types.HasFlag(ValueTypes.Null),
        ScalarKind.Boolean => types.HasFlag(ValueTypes.Boolean),
        ScalarKind.Integer => types.HasFlag(ValueTypes.Integer) || types.HasFlag(ValueTypes.Number),
        ScalarKind.Float => types.HasFlag(ValueTypes.Number),
        _ => types.HasFlag(ValueTypes.String),
    };

    private static void Mismatch(YamlNode node, Shape shape, ComposePath path, Action<ComposeProblem> report)
    {
        var actual = node switch
        {
            YamlMapping => "a mapping",
            YamlSequence => "a list",
            YamlScalar scalar => ComposeNodes.Kind(scalar) switch
            {
                ScalarKind.Null => "null",
                ScalarKind.Boolean => $"a boolean ({scalar.Value})",
                ScalarKind.Integer => $"an integer ({scalar.Value})",
                ScalarKind.Float => $"a number ({scalar.Value})",
                _ => $"a string ('{Shorten(scalar.Value)}')",
            },
            _ => node.Kind,
        };
        var hint = shape is ScalarShape { Types: ValueTypes.String } && node is YamlScalar
            ? "Quote the value to make it a string."
            : null;
        report(new ComposeProblem(ComposeProblemKind.Schema, node.Span, $"{path} must be {shape.Describe()}, not {actual}") { Fix = hint });
    }

    private static string Where(ComposePath path) => path.Depth == 0 ? "(root)" : path.ToString();

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";

    /// <summary>The closest known key, when it is close enough to be a typo.</summary>
    public static string? Suggest(string key, IEnumerable<string> known) =>
        EditDistance.Closest(key, known) is (var best, var distance) && distance <= Math.Max(1, Math.Min(3, key.Length / 3)) ? best : null;
}
