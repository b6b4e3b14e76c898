using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using System.Text;
using Drydock.Measurements;
using Drydock.Verification.Config;

namespace Drydock.Verification.Probes;

/// <summary>
/// One HTTP request to a container port through its published 127.0.0.1 port, and the checks of
/// <see cref="HttpExpectations"/> on the answer.
/// </summary>
internal static class HttpProbe
{
    /// <summary>A probe reads at most this much of a body; expectations see the first MiB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly TimeSpan MaxRequestTime = TimeSpan.FromSeconds(10);

    // One client for every probe: no proxy (traffic stays on 127.0.0.1), no redirects (a Location may name another host).
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = MaxRequestTime,
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static async Task<ProbeAttempt> AttemptAsync(HttpProbeSpec spec, ProbeTarget target, TimeSpan remaining, CancellationToken cancellationToken)
    {
        if (!ProbeText.TryPublishedPort(target, spec.Port, out var hostPort, out var containerPort, out var failure))
        {
            return failure!;
        }
        var expect = spec.Expect;
        IReadOnlyList<JsonCheck> jsonChecks;
        try
        {
            jsonChecks = [.. expect.Json.Select(pair => JsonCheck.Parse(pair.Key, pair.Value))];
        }
        catch (FormatException ex)
        {
            return ProbeAttempt.FailPermanently(ex.Message);
        }

        var path = spec.Path.StartsWith('/') ? spec.Path : "/" + spec.Path;
        var endpoint = $"127.0.0.1:{hostPort} (container port {containerPort})";
        using var request = BuildRequest(spec, new Uri($"http://127.0.0.1:{hostPort}{path}"));
        var requestTime = remaining < MaxRequestTime ? remaining : MaxRequestTime;
        if (expect.FirstEventWithin is { } within)
        {
            requestTime = remaining < within ? remaining : within;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTime);
        var stopwatch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeAttempt.Fail(expect.FirstEventWithin is { } eventTime
                ? $"expected a first event within {Units.Format(eventTime.TotalMilliseconds, Unit.Milliseconds)}, but no answer came from {endpoint}"
                : $"no answer from {endpoint} within {Units.Format(requestTime.TotalSeconds, Unit.Seconds)}");
        }
        catch (HttpRequestException ex)
        {
            return ProbeAttempt.Fail($"{spec.Method} {path} to {endpoint} failed: {ProbeText.OneLine(Reason(ex))}");
        }

        using (response)
        {
            Body body;
            try
            {
                body = await ReadBodyAsync(response, expect.FirstEventWithin is not null, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return ProbeAttempt.Fail(expect.FirstEventWithin is { } eventTime
                    ? $"expected a first event within {Units.Format(eventTime.TotalMilliseconds, Unit.Milliseconds)}, none arrived ({(int)response.StatusCode} {response.ReasonPhrase})"
                    : $"the body from {endpoint} did not end within {Units.Format(requestTime.TotalSeconds, Unit.Seconds)}");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                return ProbeAttempt.Fail($"reading the body from {endpoint} failed: {ProbeText.OneLine(Reason(ex))}");
            }
            var latencyMs = stopwatch.Elapsed.TotalMilliseconds;
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
            if (Check(response, body, expect, jsonChecks) is { } problem)
            {
                // Equal failures group by their status when the status was what failed ("3× 503 Service Unavailable").
                var statusFailed = problem.StartsWith("expected status", StringComparison.Ordinal) || problem.StartsWith("expected a 2xx", StringComparison.Ordinal);
                return ProbeAttempt.Fail(problem) with { Answer = statusFailed ? status : null };
            }
            return ProbeAttempt.Pass(
                expect.FirstEventWithin is not null ? $"{status}, first event in {ProbeText.Milliseconds(latencyMs)}" : $"{status} in {ProbeText.Milliseconds(latencyMs)}",
                latencyMs) with { Output = body.Text };
        }
    }

    private static HttpRequestMessage BuildRequest(HttpProbeSpec spec, Uri uri)
    {
        var request = new HttpRequestMessage(new HttpMethod(spec.Method), uri);
        if (spec.Body is { } body)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        }
        foreach (var (name, value) in spec.Headers)
        {
            // Content headers (Content-Type) belong to the content; everything else to the request.
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return request;
    }

    /// <summary>What was read of a body: its text (the first MiB, or up to the first event of a stream).</summary>
    private sealed record Body(string Text, bool Truncated, bool HasEvent);

    private static async Task<Body> ReadBodyAsync(HttpResponseMessage response, bool untilFirstEvent, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxBodyBytes];
        var length = 0;
        var events = new FirstEventScanner();
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return new Body(Decode(buffer, length), false, false);
            }
            length += read;
            // A stream never ends: stop at the first complete event, not at the end of the body.
            if (untilFirstEvent && events.Scan(buffer.AsSpan(0, length)) is var end and >= 0)
            {
                return new Body(Decode(buffer, end), false, true);
            }
        }
        return new Body(Decode(buffer, length), true, false);
    }

    private static string Decode(byte[] buffer, int length) => Encoding.UTF8.GetString(buffer, 0, length);

    /// <summary>The first expectation the answer misses, as one line; null when it meets them all.</summary>
    private static string? Check(HttpResponseMessage response, Body body, HttpExpectations expect, IReadOnlyList<JsonCheck> jsonChecks)
    {
        var status = (int)response.StatusCode;
        var statusMet = expect.AnyStatus || (expect.Status is { } expected ? status == expected : status is >= 200 and < 300);
        if (!statusMet)
        {
            var wanted = expect.Status is { } code ? $"status {code}" : "a 2xx status";
            var location = response.Headers.Location is { } target ? $" (Location: {target})" : "";
            var snippet = body.Text.Length > 0 ? ": " + ProbeText.OneLine(body.Text) : " (empty body)";
            return $"expected {wanted}, got {status}{location}{snippet}";
        }
        foreach (var (name, value) in expect.Headers)
        {
            var actual = HeaderValue(response, name);
            if (actual is null)
            {
                return $"expected header {name} containing '{value}', but the answer has no {name} header";
            }
            if (!actual.Contains(value, StringComparison.OrdinalIgnoreCase))
            {
                return $"expected header {name} containing '{value}', got '{ProbeText.OneLine(actual)}'";
            }
        }
        if (expect.FirstEventWithin is not null && !body.HasEvent)
        {
            return $"expected a server-sent event (a 'data:' line and a blank line), but the stream ended without one: {ProbeText.OneLine(body.Text)}";
        }
        if (expect.BodyContains is { } contains && !body.Text.Contains(contains, StringComparison.Ordinal))
        {
            return $"expected the body to contain '{contains}', got: {ProbeText.OneLine(body.Text)}";
        }
        if (expect.BodyMatches is { } pattern && !pattern.IsMatch(body.Text))
        {
            return $"expected the body to match /{pattern}/, got: {ProbeText.OneLine(body.Text)}";
        }
        if (jsonChecks.Count > 0 && CheckJson(body, jsonChecks) is { } jsonProblem)
        {
            return jsonProblem;
        }
        if (expect.Prometheus is { } metrics)
        {
            // Of a body cut at 1 MiB, only whole lines are validated.
            var validation = PrometheusText.Validate(body.Truncated ? body.Text[..(body.Text.LastIndexOf('\n') + 1)] : body.Text);
            if (!validation.IsValid)
            {
                return $"invalid Prometheus text at line {validation.InvalidLine}: {validation.Error}";
            }
            var missing = metrics.Where(metric => !validation.HasMetric(metric)).ToList();
            if (missing.Count > 0)
            {
                var seen = validation.SampleNames.Order(StringComparer.Ordinal).Take(10).ToList();
                var seenText = seen.Count == 0 ? "no samples" : "samples: " + string.Join(", ", seen) + (validation.SampleNames.Count > seen.Count ? ", …" : "");
                var cut = body.Truncated ? $", in the first {Units.FormatBytes(MaxBodyBytes)} read" : "";
                return $"expected metric {string.Join(", ", missing)} in the Prometheus text, not found ({seenText}{cut})";
            }
        }
        return null;
    }

    private static string? CheckJson(Body body, IReadOnlyList<JsonCheck> jsonChecks)
    {
        if (body.Truncated)
        {
            return $"the body is larger than {Units.FormatBytes(MaxBodyBytes)}, too large to check as JSON";
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Text);
        }
        catch (JsonException ex)
        {
            return $"expected a JSON body, got: {ProbeText.OneLine(body.Text)} ({ProbeText.OneLine(ex.Message, 80)})";
        }
        using (document)
        {
            foreach (var check in jsonChecks)
            {
                var (path, expectedText) = (check.Path, check.Expected);
                if (check.Count is { } count)
                {
                    var counted = JsonCheck.CountOf(path, document.RootElement);
                    if (!count.IsMetBy(counted))
                    {
                        return $"expected {check.Key} {count}, got {counted}";
                    }
                    continue;
                }
                if (path.SelectsMany)
                {
                    using var every = ParseExpected(expectedText);
                    var values = path.SelectAll(document.RootElement);
                    if (values.Count == 0)
                    {
                        return $"expected every {path} == {expectedText}, but the body has none: {ProbeText.OneLine(body.Text)}";
                    }
                    var differing = values.Where(value => !JsonPath.ValuesEqual(every.RootElement, value)).ToList();
                    if (differing.Count > 0)
                    {
                        return $"expected every {path} == {expectedText}: {differing.Count} of {values.Count} are not (first: {ProbeText.OneLine(differing[0].GetRawText(), 80)})";
                    }
                    continue;
                }
                using var expected = ParseExpected(expectedText);
                var actual = path.Select(document.RootElement);
                if (actual is null)
                {
                    return $"expected {path} == {expectedText}, but the body has no {path}: {ProbeText.OneLine(body.Text)}";
                }
                if (!JsonPath.ValuesEqual(expected.RootElement, actual.Value))
                {
                    return $"expected {path} == {expectedText}, got {ProbeText.OneLine(actual.Value.GetRawText())}";
                }
            }
        }
        return null;
    }

    /// <summary>The expected value as JSON text; text that is not JSON (<c>ok</c>) is the string it spells.</summary>
    private static JsonDocument ParseExpected(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            var quoted = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(quoted))
            {
                writer.WriteStringValue(text);
            }
            return JsonDocument.Parse(quoted.WrittenMemory);
        }
    }

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    /// <summary>The innermost useful message: "Connection refused" rather than the wrapper's generic text.</summary>
    private static string Reason(Exception exception)
    {
        var socket = exception as SocketException ?? exception.InnerException as SocketException ?? exception.InnerException?.InnerException as SocketException;
        return socket?.Message ?? exception.InnerException?.Message ?? exception.Message;
    }
}

/// <summary>
/// Finds where the first complete server-sent event ends (a <c>data:</c> field, then a blank line) in a body that
/// arrives piece by piece; each byte is scanned once.
/// </summary>
internal sealed class FirstEventScanner
{
    private int _lineStart;
    private bool _eventHasData;

    /// <summary>
    /// The offset just past the first complete event in <paramref name="received"/> (everything received so far), or -1
    /// when none has arrived yet. A final event without its blank line is not an event, as browsers treat it.
    /// </summary>
    public int Scan(ReadOnlySpan<byte> received)
    {
        while (_lineStart < received.Length)
        {
            var lineEnd = received[_lineStart..].IndexOfAny((byte)'\n', (byte)'\r');
            if (lineEnd < 0)
            {
                return -1;
            }
            var line = received.Slice(_lineStart, lineEnd);
            var next = _lineStart + lineEnd + 1;
            if (received[_lineStart + lineEnd] == '\r')
            {
                if (next >= received.Length)
                {
                    // A CR at the end of what has arrived may be the first half of a CRLF.
                    return -1;
                }
                if (received[next] == '\n')
                {
                    next++;
                }
            }
            _lineStart = next;
            if (line.Length == 0)
            {
                if (_eventHasData)
                {
                    return next;
                }
            }
            else if (line.SequenceEqual("data"u8) || line.StartsWith("data:"u8))
            {
                _eventHasData = true;
            }
        }
        return -1;
    }
}
