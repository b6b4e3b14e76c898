namespace Drydock.Engine;

public enum EngineErrorKind
{
    /// <summary>No socket file, nothing listening, or the host cannot be reached: the daemon is down.</summary>
    Unreachable,

    /// <summary>The socket exists but this user may not open it.</summary>
    PermissionDenied,

    /// <summary>The engine refuses our API version (or is older than we support).</summary>
    ApiVersionUnsupported,

    /// <summary>The TLS handshake failed: an untrusted or mismatched certificate, or a client certificate the engine refused.</summary>
    Tls,

    /// <summary>404: no such container, image, network or exec (or path in a container).</summary>
    NotFound,

    /// <summary>409: the object's state forbids it (already paused, name in use, image in use…).</summary>
    Conflict,

    /// <summary>Any other error status from the engine.</summary>
    ApiError,

    /// <summary>The engine accepted the connection but did not answer in time.</summary>
    Timeout,
}

/// <summary>An engine problem, with what happened and what to do in one sentence each.</summary>
public sealed class EngineException : DrydockException
{
    public EngineException(EngineErrorKind kind, string message, string? fix = null, int statusCode = 0, Exception? inner = null)
        : base(message, null, fix, inner)
    {
        Kind = kind;
        StatusCode = statusCode;
    }

    public EngineErrorKind Kind { get; }

    /// <summary>The HTTP status when the engine answered with an error; 0 otherwise.</summary>
    public int StatusCode { get; }

    public bool IsNotFound => Kind == EngineErrorKind.NotFound;

    public bool IsConflict => Kind == EngineErrorKind.Conflict;
}
