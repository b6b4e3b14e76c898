namespace Drydock.Engine;

public enum EngineErrorKind
{
    /// <summary>No socket file, or nothing listening on it.</summary>
    Unreachable,
    PermissionDenied,
    /// <summary>The engine refuses our API version (or is older than we support).</summary>
    ApiVersionUnsupported,
    /// <summary>The engine answered with an error status.</summary>
    ApiError,
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

    /// <summary>HTTP status for <see cref="EngineErrorKind.ApiError"/>; 0 otherwise.</summary>
    public int StatusCode { get; }

    public bool IsNotFound => Kind == EngineErrorKind.ApiError && StatusCode == 404;

    public bool IsConflict => Kind == EngineErrorKind.ApiError && StatusCode == 409;
}
