using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Dockerfiles.Rules.Runtime;

/// <summary>One EXPOSE value taken apart: <c>[ip:][host:]port[-end][/protocol]</c>.</summary>
internal sealed record ExposedPort(string Text, SourceSpan Span, string? HostPart, string Ports, string? Protocol)
{
    public static IEnumerable<ExposedPort> All(DockerfileAnalysis analysis)
    {
        foreach (var (_, expose) in analysis.All<ListInstruction>())
        {
            if (expose.Kind != InstructionKind.Expose)
            {
                continue;
            }
            foreach (var value in expose.Values)
            {
                var expanded = analysis.Expand(expose, value.Value);
                if (!expanded.IsResolved)
                {
                    continue;
                }
                foreach (var port in expanded.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var slash = port.IndexOf('/', StringComparison.Ordinal);
                    var protocol = slash < 0 ? null : port[(slash + 1)..];
                    var address = slash < 0 ? port : port[..slash];
                    var colon = address.LastIndexOf(':');
                    yield return new ExposedPort(port, value.Span, colon < 0 ? null : address[..colon], colon < 0 ? address : address[(colon + 1)..], protocol);
                }
            }
        }
    }

    /// <summary>The container port range, or null when it is not a valid port or range (0 to 65535).</summary>
    public (int First, int Last)? Range
    {
        get
        {
            var dash = Ports.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? Ports : Ports[..dash];
            var last = dash < 0 ? Ports : Ports[(dash + 1)..];
            if (!IsPort(first, out var start) || !IsPort(last, out var end) || end < start)
            {
                return null;
            }
            return (start, end);
        }
    }

    private static bool IsPort(string text, out int port) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535;
}
