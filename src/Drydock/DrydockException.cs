using Drydock.Text;

namespace Drydock;

/// <summary>
/// An error the user can act on: unreadable input, an engine that is down, a tool that is missing.
/// The CLI prints <see cref="Exception.Message"/> (prefixed with the span when there is one) and <see cref="Fix"/>,
/// and exits 2; never a stack trace unless --debug.
/// </summary>
public class DrydockException : Exception
{
    public DrydockException(string message, SourceSpan? span = null, string? fix = null, Exception? inner = null)
        : base(message, inner)
    {
        Span = span;
        Fix = fix;
    }

    public DrydockException()
    {
    }

    public DrydockException(string message)
        : base(message)
    {
    }

    public DrydockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SourceSpan? Span { get; }

    /// <summary>One sentence saying what to do about it.</summary>
    public string? Fix { get; }
}
