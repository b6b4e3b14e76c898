using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Drydock.Cli.Terminal;
using Drydock.Measurements;
using Drydock.Reports.Rendering;
using Drydock.Reports;
using Drydock.Verification.Stack;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock engine</c>: the engine Drydock reaches and the Compose implementation it would drive, or why none.</summary>
public static class EngineCommand
{
    public static Command Create(CliConsole console)
    {
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown);
        var command = new Command("engine", "Show the Docker engine and the Compose implementation Drydock will use, or why it reached none.")
        {
            format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var diagnosis = await EngineDiagnosis.RunAsync(console.GetEnvironmentVariable, cancellationToken).ConfigureAwait(false);
            ReportOutput.Write(console, ToReport(diagnosis), parse.GetFormat(format));
            if (diagnosis.EngineError is { } error)
            {
                Diagnostics.Error(console, error.Message, error.Fix);
                return ExitCodes.Error;
            }
            if (diagnosis.Compose is null)
            {
                Diagnostics.Error(console, diagnosis.ComposeProblem ?? "No Compose implementation was found.", ComposeToolLocator.InstallHint);
                return ExitCodes.Error;
            }
            return ExitCodes.Success;
        });
        return command;
    }

    public static Report ToReport(EngineDiagnosis diagnosis)
    {
        var blocks = new List<ReportBlock>();
        var engineItems = new List<KeyValuePair<string, string>>
        {
            new("Endpoint", $"{diagnosis.Endpoint.Uri} ({diagnosis.Endpoint.Source})"),
        };
        if (diagnosis.EngineError is { } error)
        {
            engineItems.Add(new("Status", "unreachable"));
            engineItems.Add(new("Problem", error.Message));
            if (error.Fix is { } fix)
            {
                engineItems.Add(new("Fix", fix));
            }
        }
        else
        {
            var version = diagnosis.Version;
            var info = diagnosis.Info;
            if (diagnosis.Ping?.LibpodApiVersion is { } libpod)
            {
                // Only when Podman answers: Docker's output stays as it was.
                engineItems.Add(new("Product", $"Podman (Docker-compatible API; libpod API {libpod})"));
            }
            engineItems.Add(new("Engine version", version?.Version ?? info?.ServerVersion ?? "unknown"));
            engineItems.Add(new("API version", $"{diagnosis.NegotiatedVersion} (engine supports {version?.MinApiVersion ?? "?"} to {version?.ApiVersion ?? diagnosis.Ping?.EngineApiVersion.ToString()})"));
            engineItems.Add(new("OS/Arch", $"{version?.Os ?? info?.OSType}/{version?.Arch ?? info?.Architecture}"));
            if (info?.OperatingSystem is { } os)
            {
                engineItems.Add(new("Operating system", os));
            }
            if (version?.KernelVersion is { } kernel)
            {
                engineItems.Add(new("Kernel", kernel));
            }
            engineItems.Add(new("Storage driver", info?.Driver ?? "unknown"));
            engineItems.Add(new("Cgroup", $"v{info?.CgroupVersion ?? "?"} ({info?.CgroupDriver ?? "unknown driver"})"));
            if (info is not null)
            {
                engineItems.Add(new("Resources", $"{info.NCPU} CPUs, {Units.FormatBytes(info.MemTotal)} memory"));
            }
            if (diagnosis.Ping?.BuilderVersion is { } builder)
            {
                engineItems.Add(new("Default builder", builder == "2" ? "BuildKit" : "classic"));
            }
        }
        blocks.Add(new KeyValueBlock("Engine", engineItems));

        var rows = diagnosis.ComposeCandidates.Select(candidate => (IReadOnlyList<string>)
        [
            candidate.DisplayName,
            candidate.Version ?? "-",
            diagnosis.Compose?.Flavor == candidate.Flavor ? "selected" : candidate.Available ? "available" : "not usable",
            candidate.Problem ?? string.Empty,
        ]).ToList();
        blocks.Add(new TableBlock("Compose", [new("Implementation"), new("Version"), new("Status"), new("Detail")], rows));
        if (diagnosis.Compose is null && diagnosis.ComposeProblem is { } problem)
        {
            blocks.Add(new NoteBlock("Compose problem", $"{problem}\n{ComposeToolLocator.InstallHint}"));
        }

        return new Report
        {
            Command = "engine",
            Title = "Drydock engine",
            Parts = ReportParts.None,
            Blocks = blocks,
            Data = ToJson(diagnosis),
        };
    }

    private static JsonObject ToJson(EngineDiagnosis diagnosis)
    {
        var data = new JsonObject
        {
            ["reachable"] = diagnosis.EngineReachable,
            ["endpoint"] = new JsonObject
            {
                ["uri"] = diagnosis.Endpoint.Uri,
                ["source"] = diagnosis.Endpoint.Source,
            },
        };
        if (diagnosis.EngineError is { } error)
        {
            data["engine"] = null;
            data["error"] = new JsonObject { ["message"] = error.Message, ["fix"] = error.Fix };
        }
        else
        {
            var version = diagnosis.Version;
            var info = diagnosis.Info;
            data["engine"] = new JsonObject
            {
                ["product"] = diagnosis.Ping?.IsPodman == true ? "podman" : "docker",
                ["version"] = version?.Version ?? info?.ServerVersion,
                ["apiVersion"] = diagnosis.NegotiatedVersion?.ToString(),
                ["engineApiVersion"] = version?.ApiVersion ?? diagnosis.Ping?.EngineApiVersion.ToString(),
                ["minApiVersion"] = version?.MinApiVersion,
                ["os"] = version?.Os ?? info?.OSType,
                ["arch"] = version?.Arch ?? info?.Architecture,
                ["operatingSystem"] = info?.OperatingSystem,
                ["kernelVersion"] = version?.KernelVersion,
                ["storageDriver"] = info?.Driver,
                ["cgroupVersion"] = info?.CgroupVersion,
                ["cgroupDriver"] = info?.CgroupDriver,
                ["cpus"] = info?.NCPU,
                ["memoryBytes"] = info?.MemTotal,
                ["builder"] = diagnosis.Ping?.BuilderVersion,
            };
            data["error"] = null;
        }
        var implementations = new JsonArray();
        foreach (var candidate in diagnosis.ComposeCandidates)
        {
            implementations.Add((JsonNode)new JsonObject
            {
                ["name"] = candidate.DisplayName,
                ["flavor"] = candidate.Flavor switch
                {
                    ComposeFlavor.DockerComposeV2 => "v2",
                    ComposeFlavor.DockerComposeV1 => "v1",
                    _ => "podman",
                },
                ["available"] = candidate.Available,
                ["version"] = candidate.Version,
                ["problem"] = candidate.Problem,
            });
        }
        data["compose"] = new JsonObject
        {
            ["selected"] = diagnosis.Compose is { } tool
                ? new JsonObject { ["name"] = tool.DisplayName, ["version"] = tool.Version, ["command"] = string.Join(' ', [tool.Program, .. tool.PrefixArguments]) }
                : null,
            ["problem"] = diagnosis.ComposeProblem,
            ["implementations"] = implementations,
        };
        return data;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
