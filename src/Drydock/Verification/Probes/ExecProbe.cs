using Drydock.Engine;
using Drydock.Measurements;
using Drydock.Verification.Config;

namespace Drydock.Verification.Probes;

/// <summary>A command run in the container through the engine's exec API; its exit code and output are checked.</summary>
internal static class ExecProbe
{
    public static async Task<ProbeAttempt> AttemptAsync(DockerClient client, ExecProbeSpec spec, ProbeTarget target, TimeSpan remaining, CancellationToken cancellationToken)
    {
        if (spec.Command.Count == 0)
        {
            return ProbeAttempt.FailPermanently("the exec probe has no command");
        }
        var command = string.Join(' ', spec.Command);
        var result = await client.ExecAsync(target.ContainerId, new ExecOptions
        {
            Command = spec.Command,
            User = spec.User,
            Timeout = remaining,
        }, cancellationToken).ConfigureAwait(false);
        var output = result.StandardOutput + result.StandardError;
        if (result.TimedOut)
        {
            return ProbeAttempt.Fail($"`{command}` did not finish within {Units.Format(remaining.TotalSeconds, Unit.Seconds)}: {ProbeText.OneLine(output)}");
        }
        if (result.ExitCode != spec.ExitCode)
        {
            var got = result.ExitCode is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
            return ProbeAttempt.Fail($"expected `{command}` to exit with {spec.ExitCode}, got {got}: {ProbeText.OneLine(output)}");
        }
        if (spec.OutputContains is { } contains && !output.Contains(contains, StringComparison.Ordinal))
        {
            return ProbeAttempt.Fail($"expected the output of `{command}` to contain '{contains}', got: {ProbeText.OneLine(output)}");
        }
        if (spec.OutputMatches is { } pattern && !pattern.IsMatch(output))
        {
            return ProbeAttempt.Fail($"expected the output of `{command}` to match /{pattern}/, got: {ProbeText.OneLine(output)}");
        }
        return ProbeAttempt.Pass($"`{command}` exited {spec.ExitCode} in {ProbeText.Milliseconds(result.Duration.TotalMilliseconds)}") with { Output = result.StandardOutput };
    }
}
