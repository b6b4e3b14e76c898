using System.Globalization;
using System.Net;

namespace Drydock.Compose.Loading;

/// <summary>A port mapping parsed from the short syntax (<c>[IP:][HOST:]CONTAINER[/PROTO]</c>), one per container port.</summary>
public sealed record ParsedPort(string HostIp, string HostPort, int Target, string Protocol);

/// <summary>A mount parsed from the short syntax (<c>[SOURCE:]TARGET[:OPTIONS]</c>).</summary>
public sealed record ParsedVolume(string Type, string Source, string Target, bool ReadOnly)
{
    public string? Propagation { get; init; }

    public string? Selinux { get; init; }

    public bool NoCopy { get; init; }

    /// <summary>A bind mount from the short syntax: Compose creates the host path when it is missing.</summary>
    public bool HasBindOptions { get; init; }

    public bool HasVolumeOptions { get; init; }
}

/// <summary>An error in a short-syntax value, with Compose's wording.</summary>
public sealed class ShortSyntaxException(string message) : Exception(message);

/// <summary>
/// The short syntaxes of ports and volumes, parsed as Compose does (Docker's port-spec parser and compose-go's
/// volume-spec parser): ranges expand to one mapping per container port, IPv6 addresses in brackets, bind options.
/// </summary>
public static class ShortSyntax
{
    /// <summary>Parses one port spec; the mappings come sorted by container port as text, as Compose sorts them.</summary>
    public static IReadOnlyList<ParsedPort> ParsePort(string spec)
    {
        var (ip, hostPort, containerPort) = SplitParts(spec);
        var slash = containerPort.IndexOf('/', StringComparison.Ordinal);
        var protocol = slash < 0 ? "tcp" : containerPort[(slash + 1)..];
        containerPort = slash < 0 ? containerPort : containerPort[..slash];
        if (protocol.Length == 0)
        {
            protocol = "tcp";
        }
        if (containerPort.Length == 0)
        {
            throw new ShortSyntaxException($"no port specified: {spec}<empty>");
        }
        protocol = protocol.ToLowerInvariant();
        if (protocol is not ("tcp" or "udp" or "sctp"))
        {
            throw new ShortSyntaxException("invalid proto: " + protocol);
        }
        if (ip.Length > 0 && ip[0] == '[')
        {
            if (!ip.EndsWith(']'))
            {
                throw new ShortSyntaxException($"invalid IP address {ip}");
            }
            ip = ip[1..^1];
        }
        if (ip.Length > 0 && !IsIpAddress(ip))
        {
            throw new ShortSyntaxException("invalid IP address: " + ip);
        }
        if (!TryParseRange(containerPort, out var start, out var end, out _))
        {
            throw new ShortSyntaxException("invalid containerPort: " + containerPort);
        }
        int hostStart = 0, hostEnd = 0;
        if (hostPort.Length > 0)
        {
            if (!TryParseRange(hostPort, out hostStart, out hostEnd, out _))
            {
                throw new ShortSyntaxException("invalid hostPort: " + hostPort);
            }
            if (end - start != hostEnd - hostStart && end != start)
            {
                throw new ShortSyntaxException($"invalid ranges specified for container and host Ports: {containerPort} and {hostPort}");
            }
        }
        var count = end - start + 1;
        var ports = new List<(string Key, ParsedPort Port)>(count);
        for (var i = 0; i < count; i++)
        {
            var published = string.Empty;
            if (hostPort.Length > 0)
            {
                published = (hostStart + i).ToString(CultureInfo.InvariantCulture);
                if (count == 1 && hostStart != hostEnd)
                {
                    published += "-" + hostEnd.ToString(CultureInfo.InvariantCulture);
                }
            }
            var target = start + i;
            ports.Add(($"{target}/{protocol}", new ParsedPort(ip, published, target, protocol)));
        }
        return ports.OrderBy(port => port.Key, StringComparer.Ordinal).Select(port => port.Port).ToList();
    }

    /// <summary>Go's net.ParseIP: a dotted quad (exactly four decimal bytes) or an IPv6 address.</summary>
    public static bool IsIpAddress(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(part => part.Length is > 0 and <= 3 && part.All(char.IsAsciiDigit) && int.Parse(part, CultureInfo.InvariantCulture) <= 255);
    }

    /// <summary><c>8080</c> or <c>8000-8010</c>, each port 0–65535.</summary>
    public static bool TryParseRange(string text, out int start, out int end, out string? error)
    {
        start = end = 0;
        error = null;
        if (text.Length == 0)
        {
            error = "empty string specified for ports";
            return false;
        }
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var first = dash < 0 ? text : text[..dash];
        var last = dash < 0 ? text : text[(dash + 1)..];
        if (!TryParsePortNumber(first, out start))
        {
            error = $"invalid start port '{first}'";
            return false;
        }
        if (dash < 0 || first == last)
        {
            end = start;
            return true;
        }
        if (!TryParsePortNumber(last, out end))
        {
            error = $"invalid end port '{last}'";
            return false;
        }
        if (end < start)
        {
            error = "invalid port range: " + text;
            return false;
        }
        return true;
    }

    private static bool TryParsePortNumber(string text, out int port)
    {
        port = 0;
        if (text.Length == 0 || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 65535)
        {
            return false;
        }
        port = (int)value;
        return true;
    }

    private static (string Ip, string HostPort, string ContainerPort) SplitParts(string spec)
    {
        var parts = spec.Split(':');
        return parts.Length switch
        {
            1 => (string.Empty, string.Empty, parts[0]),
            2 => (string.Empty, parts[0], parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => (string.Join(':', parts[..^2]), parts[^2], parts[^1]),
        };
    }

    private static readonly string[] Propagations = ["rprivate", "private", "rshared", "shared", "rslave", "slave"];

    /// <summary>Parses a volume spec; a <c>${…}</c> inside it may hold ':' (it is left to interpolation).</summary>
    public static ParsedVolume ParseVolume(string spec)
    {
        if (spec.Length == 0)
        {
            throw new ShortSyntaxException("invalid empty volume spec");
        }
        if (spec.Length <= 2)
        {
            return new ParsedVolume("volume", string.Empty, spec, false);
        }
        string source = string.Empty, target = string.Empty;
        var readOnly = false;
        string? propagation = null, selinux = null;
        var noCopy = false;
        var buffer = new System.Text.StringBuilder();
        var depth = 0;
        for (var i = 0; i <= spec.Length; i++)
        {
            var c = i < spec.Length ? spec[i] : '\0';
            if (c == '$' && i + 1 < spec.Length && spec[i + 1] == '{')
            {
                depth++;
                buffer.Append(c);
                continue;
            }
            if (c == '}' && depth > 0)
            {
                depth--;
                buffer.Append(c);
                continue;
            }
            if (c == ':' && buffer.Length == 1 && char.IsLetter(buffer[0]))
            {
                buffer.Append(c); // a Windows drive letter
                continue;
            }
            if ((c == ':' || i == spec.Length) && depth == 0)
            {
                var part = buffer.ToString();
                buffer.Clear();
                if (part.Length == 0)
                {
                    throw new ShortSyntaxException($"invalid spec: {spec}: empty section between colons");
                }
                if (source.Length == 0 && i == spec.Length)
                {
                    target = part;
                }
                else if (source.Length == 0)
                {
                    source = part;
                }
                else if (target.Length == 0)
                {
                    target = part;
                }
                else if (c == ':')
                {
                    throw new ShortSyntaxException($"invalid spec: {spec}: too many colons");
                }
                else
                {
                    foreach (var option in part.Split(','))
                    {
                        switch (option)
                        {
                            case "ro":
                                readOnly = true;
                                break;
                            case "rw":
                                readOnly = false;
                                break;
                            case "nocopy":
                                noCopy = true;
                                break;
                            case "z" or "Z":
                                selinux = option;
                                break;
                            default:
                                if (Propagations.Contains(option))
                                {
                                    propagation = option;
                                }
                                break;
                        }
                    }
                }
                continue;
            }
            if (i < spec.Length)
            {
                buffer.Append(c);
            }
        }
        var isBind = IsFilePath(source);
        return new ParsedVolume(isBind ? "bind" : "volume", source, target, readOnly)
        {
            Propagation = propagation,
            Selinux = selinux,
            NoCopy = noCopy,
            HasBindOptions = isBind,
            HasVolumeOptions = !isBind,
        };
    }

    /// <summary>A host path rather than a volume name: starts with '.', '/', '~', '\\' or a drive letter.</summary>
    public static bool IsFilePath(string source) =>
        source.Length > 0
        && (source[0] is '.' or '/' or '~' || source.StartsWith(@"\\", StringComparison.Ordinal) || (source.Length >= 2 && char.IsLetter(source[0]) && source[1] == ':'));

    /// <summary>Go's <c>path.Clean</c> for container paths.</summary>
    public static string CleanPath(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }
        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add(part);
                }
                continue;
            }
            parts.Add(part);
        }
        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
