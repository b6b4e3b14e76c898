namespace Drydock.Verification.Posture;

/// <summary>
/// A running container's security and resource settings as facts for the report, whether or not a rule objects.
/// <see cref="PublishedPorts"/> reads as <c>docker ps</c> shows them (<c>127.0.0.1:8080-&gt;8080/tcp</c>); limits are
/// null when unset; <see cref="CpuLimit"/> is in CPUs.
/// </summary>
public sealed record PostureFacts(
    int? EffectiveUid,
    bool ReadOnlyRootfs,
    bool Privileged,
    IReadOnlyList<string> CapAdd,
    IReadOnlyList<string> CapDrop,
    bool NoNewPrivileges,
    IReadOnlyList<string> PublishedPorts,
    long? MemoryLimitBytes,
    double? CpuLimit,
    long? PidsLimit,
    string RestartPolicy)
{
    public static PostureFacts From(RuntimePostureModel m) => new(
        m.EffectiveUid,
        m.ReadOnlyRootfs,
        m.Privileged,
        m.CapAdd,
        m.CapDrop,
        m.NoNewPrivileges,
        m.PublishedPorts.Select(port => port.ToString()).ToList(),
        m.MemoryLimitBytes,
        m.CpuLimit,
        m.PidsLimit,
        m.RestartPolicy);
}
