using System.Globalization;
using Drydock.Engine;
using Drydock.Text;

namespace Drydock.Verification.Posture;

/// <summary>Reads a running container's posture from the engine: its inspect output and its main process's uid.</summary>
public static class RuntimePostureReader
{
    /// <summary>The host ps's columns we need; works for images with no shell and no <c>id</c> binary.</summary>
    public const string ProcessColumns = "-o pid,uid,comm";

    public static async Task<RuntimePostureModel> ReadAsync(DockerClient client, string containerId, string service, SourceSpan serviceSpan, CancellationToken cancellationToken)
    {
        var container = await client.InspectContainerAsync(containerId, cancellationToken).ConfigureAwait(false);
        var configuredUser = container.Config?.User ?? string.Empty;
        string failure;
        try
        {
            var top = await client.TopContainerAsync(containerId, ProcessColumns, cancellationToken).ConfigureAwait(false);
            if (MainProcess(top, container.State?.Pid) is { } main)
            {
                return new RuntimePostureModel(service, serviceSpan, container, main.Uid) { UidSource = $"main process '{main.Command}'" };
            }
            failure = "the engine listed no process with a numeric uid";
        }
        catch (EngineException ex)
        {
            failure = ex.Message;
        }
        // Say where the uid came from: the configured user is what the image or compose file asked for, not what runs.
        return new RuntimePostureModel(service, serviceSpan, container, UidOfConfiguredUser(configuredUser))
        {
            UidSource = $"configured user '{configuredUser}'; listing its processes failed: {failure}",
        };
    }

    /// <summary>
    /// The container's main process among <c>ps -o pid,uid,comm</c> rows: the one whose host pid is the container's
    /// (<paramref name="mainPid"/>, from inspect), else the lowest pid (PID 1 inside the container starts first).
    /// </summary>
    public static (int Pid, int Uid, string Command)? MainProcess(ContainerTop top, int? mainPid)
    {
        var pidColumn = top.ColumnOf("PID");
        var uidColumn = top.ColumnOf("UID");
        var commandColumn = Math.Max(top.ColumnOf("COMMAND"), top.ColumnOf("COMM"));
        if (pidColumn < 0 || uidColumn < 0)
        {
            return null;
        }
        var processes = new List<(int Pid, int Uid, string Command)>();
        foreach (var row in top.Processes)
        {
            if (Number(row, pidColumn) is { } pid && Number(row, uidColumn) is { } uid)
            {
                processes.Add((pid, uid, commandColumn >= 0 && commandColumn < row.Length ? row[commandColumn] : string.Empty));
            }
        }
        if (processes.Count == 0)
        {
            return null;
        }
        var main = processes.FindIndex(process => process.Pid == mainPid);
        return main >= 0 ? processes[main] : processes.MinBy(process => process.Pid);
    }

    /// <summary>
    /// The uid a configured <c>user[:group]</c> stands for, when it can be told without the image's /etc/passwd:
    /// empty or <c>root</c> is 0, a number is itself; another name is unknown (null).
    /// </summary>
    public static int? UidOfConfiguredUser(string? user)
    {
        var name = (user ?? string.Empty).Split(':')[0].Trim();
        if (name.Length == 0 || name == "root")
        {
            return 0;
        }
        return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? uid : null;
    }

    private static int? Number(string[] row, int column) =>
        column < row.Length && int.TryParse(row[column].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
