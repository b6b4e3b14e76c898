namespace Drydock.Compose.Rules;

/// <summary>
/// The Compose implementation a project will be run with (by <c>drydock verify</c>), whose file format DC049 holds
/// the files to. <see cref="Any"/> checks nothing.
/// </summary>
public enum ComposeTarget
{
    Any,
    /// <summary>docker-compose 1.x, the Python tool (Debian's 1.29): an older schema that refuses later keys.</summary>
    V1,
    /// <summary>Compose v2 (<c>docker compose</c>), which reads the whole Compose Specification.</summary>
    V2,
}
