namespace Drydock.Engine;

/// <summary>
/// <c>GET /containers/{id}/top</c>: the container's processes as the host's <c>ps</c> lists them, one row of text
/// columns per process, headed by <see cref="Titles"/> (<c>PID</c>, <c>UID</c>, <c>COMMAND</c>…, as ps names them).
/// Pids and uids are the host's view (they differ from the container's under a user namespace).
/// </summary>
public sealed record ContainerTop
{
    public string[] Titles { get; init; } = [];

    public string[][] Processes { get; init; } = [];

    /// <summary>The column headed <paramref name="title"/> (case-insensitive), or -1.</summary>
    public int ColumnOf(string title) => Array.FindIndex(Titles, candidate => string.Equals(candidate.Trim(), title, StringComparison.OrdinalIgnoreCase));
}
