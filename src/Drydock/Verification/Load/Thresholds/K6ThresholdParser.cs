using System.Globalization;
using Drydock.Measurements;
using Drydock.Text;
using Drydock.Yaml;

namespace Drydock.Verification.Load.Thresholds;

/// <summary>
/// Reads thresholds in k6's syntax: a metric name and expressions of the form
/// <c>aggregation operator number</c>, e.g. <c>p(95) &lt; 500</c>, <c>rate&lt;0.01</c>, <c>count&gt;=1000</c>.
/// Operators are k6's: <c>&lt; &lt;= &gt; &gt;= == === !=</c>. Each metric type allows k6's own aggregations
/// (trend: avg, min, max, med, p(N); rate: rate; counter: count, rate). Errors are <see cref="DrydockException"/>s
/// that point at the offending character when the expression came from drydock.yml.
/// </summary>
public static class K6ThresholdParser
{
    private const string Operators = "<, <=, >, >=, ==, === or !=";

    /// <summary>Parses one expression for <paramref name="metricName"/>; <paramref name="span"/>, when given, locates errors.</summary>
    public static K6Threshold Parse(string metricName, string expression, SourceSpan? span = null)
    {
        ArgumentNullException.ThrowIfNull(metricName);
        ArgumentNullException.ThrowIfNull(expression);
        var metric = ResolveMetric(metricName, span);
        return ParseExpression(metric, expression, offset => span);
    }

    /// <summary>
    /// Parses a drydock.yml <c>thresholds:</c> mapping: metric name → a list of expressions (or one expression), where
    /// an item may also be k6's object form <c>{threshold: "p(95)&lt;500"}</c>.
    /// </summary>
    public static IReadOnlyList<K6Threshold> Parse(YamlNode thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds is YamlScalar { IsNull: true })
        {
            return [];
        }
        if (thresholds is not YamlMapping mapping)
        {
            throw new DrydockException($"thresholds must be a mapping of k6 metric names to lists of expressions, not a {thresholds.Kind}.",
                thresholds.Span, "write e.g. http_req_duration: [\"p(95)<500\"]");
        }
        var parsed = new List<K6Threshold>();
        foreach (var entry in mapping.Entries)
        {
            var metric = ResolveMetric(entry.Key.Value, entry.Key.Span);
            switch (entry.Value)
            {
                case YamlSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        parsed.Add(ParseItem(metric, item));
                    }
                    break;
                case YamlScalar { IsNull: true }:
                    break;
                case YamlScalar scalar:
                    parsed.Add(ParseItem(metric, scalar));
                    break;
                default:
                    throw new DrydockException($"the thresholds of {metric.Name} must be a list of expressions, not a {entry.Value.Kind}.",
                        entry.Value.Span, $"write e.g. {metric.Name}: [\"{Example(metric)}\"]");
            }
        }
        return parsed;
    }

    private static K6Threshold ParseItem(K6Metric metric, YamlNode item)
    {
        switch (item)
        {
            case YamlScalar scalar when scalar.Tag is null || scalar.Tag == "!!str":
                return ParseExpression(metric, scalar.Value, offset => Locate(scalar, offset)) with { Span = scalar.Span };
            case YamlMapping objectForm:
                return ParseObjectForm(metric, objectForm);
            default:
                throw new DrydockException($"a threshold of {metric.Name} must be an expression such as \"{Example(metric)}\", not a {item.Kind}.", item.Span);
        }
    }

    /// <summary>k6's <c>{threshold, abortOnFail, delayAbortEval}</c> form; aborting early is not supported.</summary>
    private static K6Threshold ParseObjectForm(K6Metric metric, YamlMapping objectForm)
    {
        YamlScalar? expression = null;
        foreach (var entry in objectForm.Entries)
        {
            switch (entry.Key.Value)
            {
                case "threshold" when entry.Value is YamlScalar { IsNull: false } scalar:
                    expression = scalar;
                    break;
                case "threshold":
                    throw new DrydockException($"'threshold' must be an expression such as \"{Example(metric)}\".", entry.Value.Span);
                case "abortOnFail" when entry.Value is YamlScalar flag && flag.TryGetBoolean(out var abort):
                    if (abort)
                    {
                        throw new DrydockException("abortOnFail is not supported: every load run goes to its duration or request count.",
                            entry.Key.Span, "remove abortOnFail, or shorten the run's duration.");
                    }
                    break;
                case "abortOnFail":
                    throw new DrydockException("abortOnFail must be true or false.", entry.Value.Span);
                case "delayAbortEval":
                    throw new DrydockException("delayAbortEval only applies with abortOnFail, which is not supported.", entry.Key.Span, "remove delayAbortEval.");
                default:
                    throw new DrydockException($"unknown key '{entry.Key.Value}' in a threshold (known: threshold, abortOnFail).", entry.Key.Span);
            }
        }
        if (expression is null)
        {
            throw new DrydockException("a threshold written as a mapping needs a 'threshold' expression.", objectForm.Span,
                $"write e.g. {{threshold: \"{Example(metric)}\"}}");
        }
        return ParseExpression(metric, expression.Value, offset => Locate(expression, offset)) with { Span = expression.Span };
    }

    private static K6Metric ResolveMetric(string name, SourceSpan? span)
    {
        var brace = name.IndexOf('{', StringComparison.Ordinal);
        if (brace >= 0)
        {
            throw new DrydockException($"sub-metric filters such as '{name[brace..]}' are not supported; thresholds apply to the whole metric '{name[..brace]}'.",
                span, $"write {name[..brace]} instead.");
        }
        return K6Metric.Find(name)
            ?? throw new DrydockException($"unknown k6 metric '{name}'; the load generator measures {string.Join(", ", K6Metric.All.Select(metric => metric.Name))}.", span);
    }

    private static K6Threshold ParseExpression(K6Metric metric, string expression, Func<int, SourceSpan?> locate)
    {
        var reader = new ExpressionReader(expression, metric, locate);
        reader.SkipSpaces();
        var aggregationStart = reader.Position;
        var (aggregation, percentile, aggregationText) = reader.ReadAggregation();
        if (!metric.Supports(aggregation))
        {
            throw reader.Error(aggregationStart, $"{aggregationText} does not apply to {metric.Name}, a k6 {metric.Type.ToString().ToLowerInvariant()} metric; use {string.Join(", ", metric.AggregationNames)}.");
        }
        reader.SkipSpaces();
        var comparison = reader.ReadOperator(aggregationText);
        reader.SkipSpaces();
        var value = reader.ReadNumber();
        reader.SkipSpaces();
        reader.ExpectEnd();
        return new K6Threshold(metric, aggregation, percentile, comparison, value, expression.Trim());
    }

    /// <summary>Where character <paramref name="offset"/> of a scalar's value was written, when its text maps one to one.</summary>
    private static SourceSpan Locate(YamlScalar scalar, int offset)
    {
        var span = scalar.Span;
        if (span.Line != span.EndLine || !span.HasPosition)
        {
            return span;
        }
        var written = span.EndColumn - span.Column;
        var quote = scalar.Style switch
        {
            YamlScalarStyle.Plain when written == scalar.Value.Length => 0,
            YamlScalarStyle.SingleQuoted or YamlScalarStyle.DoubleQuoted when written == scalar.Value.Length + 2 => 1,
            _ => -1,
        };
        return quote < 0 ? span : SourceSpan.At(span.File, span.Line, span.Column + quote + offset);
    }

    private static string Example(K6Metric metric) => metric.Type switch
    {
        K6MetricType.Trend => "p(95)<500",
        K6MetricType.Rate => "rate<0.01",
        _ => "count>1000",
    };

    /// <summary>A small exact scanner over one expression, with the offset of every token for error positions.</summary>
    private sealed class ExpressionReader(string text, K6Metric metric, Func<int, SourceSpan?> locate)
    {
        private int _position;

        public int Position => _position;

        public void SkipSpaces()
        {
            while (_position < text.Length && text[_position] is ' ' or '\t')
            {
                _position++;
            }
        }

        public (K6Aggregation Aggregation, double? Percentile, string Text) ReadAggregation()
        {
            var start = _position;
            while (_position < text.Length && char.IsAsciiLetterLower(text[_position]))
            {
                _position++;
            }
            var word = text[start.._position];
            switch (word)
            {
                case "count": return (K6Aggregation.Count, null, word);
                case "rate": return (K6Aggregation.Rate, null, word);
                case "avg": return (K6Aggregation.Avg, null, word);
                case "min": return (K6Aggregation.Min, null, word);
                case "max": return (K6Aggregation.Max, null, word);
                case "med": return (K6Aggregation.Med, null, word);
                case "value":
                    throw Error(start, $"'value' applies to k6 gauges; {metric.Name} is a {metric.Type.ToString().ToLowerInvariant()}: use {string.Join(", ", metric.AggregationNames)}.");
                case "p":
                    return ReadPercentile(start);
                case "":
                    throw Error(start, $"expected an aggregation such as {string.Join(", ", metric.AggregationNames)} at the start of '{text}'.");
                default:
                    throw Error(start, $"unknown aggregation '{word}' in '{text}'; {metric.Name} takes {string.Join(", ", metric.AggregationNames)}.");
            }
        }

        private (K6Aggregation, double?, string) ReadPercentile(int start)
        {
            SkipSpaces();
            if (_position >= text.Length || text[_position] != '(')
            {
                throw Error(_position, $"expected '(' after 'p': a percentile is written p(95) or p(99.9).");
            }
            _position++;
            SkipSpaces();
            var numberAt = _position;
            var percentile = ReadNumber();
            if (percentile is < 0 or > 100)
            {
                throw Error(numberAt, $"the percentile {percentile.ToString(CultureInfo.InvariantCulture)} is outside 0 to 100.");
            }
            SkipSpaces();
            if (_position >= text.Length || text[_position] != ')')
            {
                throw Error(_position, "expected ')' to close the percentile, as in p(95).");
            }
            _position++;
            return (K6Aggregation.Percentile, percentile, text[start.._position]);
        }

        public Comparison ReadOperator(string after)
        {
            var start = _position;
            var rest = text.AsSpan(_position);
            (Comparison Comparison, int Length)? match =
                rest.StartsWith("===") ? (Comparison.Equal, 3)
                : rest.StartsWith("==") ? (Comparison.Equal, 2)
                : rest.StartsWith("!=") ? (Comparison.NotEqual, 2)
                : rest.StartsWith("<=") ? (Comparison.LessOrEqual, 2)
                : rest.StartsWith(">=") ? (Comparison.GreaterOrEqual, 2)
                : rest.StartsWith("<") ? (Comparison.LessThan, 1)
                : rest.StartsWith(">") ? (Comparison.GreaterThan, 1)
                : null;
            if (match is not { } found)
            {
                var seen = _position < text.Length ? $"'{text[_position..]}'" : "the end";
                throw Error(start, $"expected a comparison ({Operators}) after '{after}', found {seen}.");
            }
            _position += found.Length;
            return found.Comparison;
        }

        /// <summary>A decimal number: optional sign, digits with an optional fraction, optional exponent.</summary>
        public double ReadNumber()
        {
            var start = _position;
            if (_position < text.Length && text[_position] is '+' or '-')
            {
                _position++;
            }
            var digits = SkipDigits();
            if (_position < text.Length && text[_position] == '.')
            {
                _position++;
                digits += SkipDigits();
            }
            if (digits > 0 && _position < text.Length && text[_position] is 'e' or 'E')
            {
                var mark = _position;
                _position++;
                if (_position < text.Length && text[_position] is '+' or '-')
                {
                    _position++;
                }
                if (SkipDigits() == 0)
                {
                    _position = mark;
                }
            }
            if (digits == 0)
            {
                var seen = start < text.Length ? $"'{text[start..]}'" : "the end";
                throw Error(start, $"expected a number, found {seen}.");
            }
            return double.Parse(text.AsSpan(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        public void ExpectEnd()
        {
            if (_position < text.Length)
            {
                throw Error(_position, $"unexpected '{text[_position..]}' after the value in '{text}'.");
            }
        }

        public DrydockException Error(int offset, string message) =>
            new($"invalid threshold for {metric.Name}: {message}", locate(offset), $"k6 thresholds read aggregation, comparison, number: e.g. {Example(metric)}");

        private int SkipDigits()
        {
            var start = _position;
            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }
            return _position - start;
        }
    }
}
