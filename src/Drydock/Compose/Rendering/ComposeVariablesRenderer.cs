using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.Compose.Loading;
using Drydock.Compose.Model;

namespace Drydock.Compose.Rendering;

/// <summary><c>drydock config --variables</c>: every variable the files use, its default, and where its value comes from.</summary>
public static class ComposeVariablesRenderer
{
    /// <summary>
    /// The longest default or alternate value the variable list prints whole. Nested defaults repeat what they nest:
    /// a 1 MB value 31 deep was 31 MB of output (and 500 MB of memory) before values were cut here (issue 15).
    /// </summary>
    public const int MaxShownValue = 256;

    /// <summary>The value, or its first <see cref="MaxShownValue"/> characters and its length.</summary>
    internal static string Shown(string value) =>
        value.Length <= MaxShownValue
            ? value
            : $"{value[..MaxShownValue]}… ({value.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters)";

    /// <summary>The table <c>docker compose config --variables</c> prints; <paramref name="displayPath"/> shows an env file's path.</summary>
    public static string Table(ComposeProject project, Func<string, string> displayPath)
    {
        var rows = project.Variables.Select(variable => (IReadOnlyList<string>)
        [
            variable.Name,
            variable.Required ? "true" : "false",
            Shown(variable.DefaultValue),
            Shown(variable.PresenceValue),
            SourceName(variable, displayPath),
        ]).ToList();
        var headers = new[] { "NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE", "SOURCE" };
        var widths = headers.Select((header, column) => Math.Max(header.Length, rows.Count == 0 ? 0 : rows.Max(row => row[column].Length))).ToArray();
        var builder = new System.Text.StringBuilder();
        builder.AppendLine(string.Join("   ", headers.Select((header, column) => header.PadRight(widths[column]))).TrimEnd());
        foreach (var row in rows)
        {
            builder.AppendLine(string.Join("   ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }
        return builder.ToString();
    }

    private static string SourceName(ComposeVariable variable, Func<string, string> displayPath) => variable.Source switch
    {
        VariableSource.Shell => "shell",
        VariableSource.DotEnv => variable.EnvFile is { } file ? displayPath(file) : ".env",
        VariableSource.Default => "default",
        _ => "unset",
    };

    /// <summary>Every variable with its references, as JSON.</summary>
    public static string Json(ComposeProject project)
    {
        var list = new JsonArray();
        foreach (var variable in project.Variables)
        {
            var references = new JsonArray();
            foreach (var span in variable.References)
            {
                references.Add((JsonNode)new JsonObject { ["file"] = span.File, ["line"] = span.Line, ["column"] = span.Column });
            }
            list.Add((JsonNode)new JsonObject
            {
                ["name"] = variable.Name,
                ["required"] = variable.Required,
                ["defaultValue"] = Shown(variable.DefaultValue),
                ["presenceValue"] = Shown(variable.PresenceValue),
                ["hasDefault"] = variable.HasDefault,
                ["source"] = variable.Source switch
                {
                    VariableSource.Shell => "shell",
                    VariableSource.DotEnv => "dotenv",
                    VariableSource.Default => "default",
                    _ => "unset",
                },
                ["envFile"] = variable.EnvFile,
                ["references"] = references,
            });
        }
        var document = new JsonObject { ["schemaVersion"] = 1, ["project"] = project.Name, ["variables"] = list };
        // Written through Utf8JsonWriter rather than ToJsonString(options): JsonSerializerOptions without a resolver
        // falls back to reflection (IL2026), which trimmed publishing cannot keep.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            document.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
