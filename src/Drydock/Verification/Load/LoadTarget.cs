using System.Globalization;
using System.Net;
using System.Text;

namespace Drydock.Verification.Load;

/// <summary>
/// Where load goes, and the exact bytes of the request sent there. Load is only ever sent to 127.0.0.1 (a
/// service's port published on the loopback interface): anything else is refused before a socket opens.
/// </summary>
public sealed class LoadTarget
{
    private LoadTarget(IPEndPoint endPoint, string pathAndQuery, byte[] request)
    {
        EndPoint = endPoint;
        PathAndQuery = pathAndQuery;
        RequestBytes = request;
    }

    public IPEndPoint EndPoint { get; }

    public string PathAndQuery { get; }

    /// <summary>The whole request (line, headers and body), built once and sent as is every time.</summary>
    public ReadOnlyMemory<byte> RequestBytes { get; }

    public bool IsHead { get; private init; }

    public override string ToString() => $"http://{EndPoint}{PathAndQuery}";

    /// <summary>Throws a <see cref="DrydockException"/> unless <paramref name="target"/> is plain HTTP on 127.0.0.1.</summary>
    public static IPEndPoint Check(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        const string Fix = "publish the service's port on the loopback interface (ports: [\"127.0.0.1:8080:8080\"]) and target http://127.0.0.1:8080.";
        if (!target.IsAbsoluteUri)
        {
            throw new DrydockException($"the load target '{target}' is not an absolute URL.", fix: Fix);
        }
        if (target.Scheme != Uri.UriSchemeHttp)
        {
            throw new DrydockException($"the load target '{target}' uses {target.Scheme}; the load generator speaks plain HTTP/1.1 only.",
                fix: "target the service's plain HTTP port on 127.0.0.1.");
        }
        if (target.HostNameType != UriHostNameType.IPv4 || target.Host != "127.0.0.1")
        {
            throw new DrydockException($"load is only sent to 127.0.0.1, and the target '{target}' names '{target.Host}'.", fix: Fix);
        }
        if (!string.IsNullOrEmpty(target.UserInfo))
        {
            throw new DrydockException($"the load target '{target}' has user information; send credentials as a header instead.");
        }
        return new IPEndPoint(IPAddress.Loopback, target.Port);
    }

    /// <summary>Checks the options and builds the request they describe.</summary>
    public static LoadTarget Create(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var endPoint = Check(options.Target);
        var method = options.Method;
        if (method.Length == 0 || !method.All(IsTokenChar))
        {
            throw new DrydockException($"'{method}' is not an HTTP method.", fix: "use GET, POST, PUT, DELETE, PATCH or HEAD.");
        }
        var path = options.Path ?? options.Target.PathAndQuery;
        if (path.Length == 0 || path[0] != '/' || path.Any(c => c <= ' ' || c >= 0x7f))
        {
            throw new DrydockException($"the load path '{path}' must start with '/' and hold no spaces or control characters.",
                fix: "percent-encode spaces and non-ASCII characters, e.g. /search?q=a%20b.");
        }

        var builder = new StringBuilder();
        builder.Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n");
        var hasHost = false;
        var hasUserAgent = false;
        foreach (var (name, value) in options.Headers)
        {
            if (name.Length == 0 || !name.All(IsTokenChar))
            {
                throw new DrydockException($"'{name}' is not a valid HTTP header name.");
            }
            if (value.Any(c => c is '\r' or '\n' or '\0'))
            {
                throw new DrydockException($"the value of header '{name}' holds a line break or NUL.");
            }
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                throw new DrydockException($"the header '{name}' is set by the load generator (keep-alive, body length) and cannot be given.",
                    fix: $"remove '{name}' from the load headers.");
            }
            hasHost |= name.Equals("Host", StringComparison.OrdinalIgnoreCase);
            hasUserAgent |= name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase);
            builder.Append(name).Append(": ").Append(value.Trim()).Append("\r\n");
        }
        if (!hasHost)
        {
            builder.Append("Host: ").Append(endPoint.ToString()).Append("\r\n");
        }
        if (!hasUserAgent)
        {
            builder.Append("User-Agent: drydock-load\r\n");
        }
        var sendsBody = !options.Body.IsEmpty || method is "POST" or "PUT" or "PATCH";
        if (sendsBody)
        {
            builder.Append("Content-Length: ").Append(options.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }
        builder.Append("\r\n");

        var head = Encoding.Latin1.GetBytes(builder.ToString());
        var request = new byte[head.Length + options.Body.Length];
        head.CopyTo(request, 0);
        options.Body.Span.CopyTo(request.AsSpan(head.Length));
        return new LoadTarget(endPoint, path, request) { IsHead = method == "HEAD" };
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
