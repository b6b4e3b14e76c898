using System.Text.Json;
using System.Text.RegularExpressions;
using Drydock.Processes;
using Drydock.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Drydock.Tests.Distribution;

/// <summary>
/// action.yml, run the way the GitHub runner runs a composite action: its bash steps in order, with the variables
/// and files the runner provides (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, RUNNER_TEMP, GITHUB_ACTION_PATH)
/// and its expressions evaluated; `uses:` steps (setup-dotnet, upload-sarif, upload-artifact) cannot run here and
/// are checked for their inputs instead.
/// </summary>
[Trait("Category", ToolPackage.Category)]
public sealed partial class GitHubActionTests
{
    private static YamlMappingNode Action()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepoPaths.Root, "action.yml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static string Scalar(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value ?? string.Empty : string.Empty;

    private static YamlNode? Child(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    [Fact]
    public void Action_is_a_composite_whose_scripts_take_inputs_only_through_the_environment()
    {
        var action = Action();
        Scalar(action, "name").ShouldBe("Drydock");
        var runs = Child(action, "runs").ShouldNotBeNull();
        Scalar(runs, "using").ShouldBe("composite");
        var inputs = (YamlMappingNode)Child(action, "inputs").ShouldNotBeNull();
        inputs.Children.Keys.Select(key => ((YamlScalarNode)key).Value).ShouldBe(
            ["command", "path", "args", "sarif-file", "upload-sarif", "report-dir", "version", "package-source", "setup-dotnet"], ignoreOrder: true);
        foreach (var step in (YamlSequenceNode)Child(runs, "steps").ShouldNotBeNull())
        {
            if (Child(step, "run") is not null)
            {
                Scalar(step, "shell").ShouldBe("bash");
                // An expression inside a script is a script injection (a branch name or an input becomes code).
                Scalar(step, "run").ShouldNotContain("${{");
            }
        }
        var uses = ((YamlSequenceNode)Child(runs, "steps")!).Select(step => Scalar(step, "uses")).Where(value => value.Length > 0).ToList();
        uses.ShouldBe(["actions/setup-dotnet@v4", "github/codeql-action/upload-sarif@v3", "actions/upload-artifact@v4"]);
    }

    [Fact]
    public async Task Check_step_writes_SARIF_a_job_summary_and_outputs_and_the_last_step_fails_with_drydock_s_exit_code()
    {
        var tool = await ToolPackage.InstalledAsync();
        var work = Directory.CreateTempSubdirectory("drydock-action-").FullName;
        try
        {
            var workspace = Path.Combine(work, "workspace");
            CopyDirectory(Path.Combine(RepoPaths.Examples, "platform-s4-bad"), workspace);
            var run = await RunActionAsync(work, workspace, new Dictionary<string, string>
            {
                ["command"] = "check",
                ["package-source"] = tool.Packages,
                ["setup-dotnet"] = "false",
                ["upload-sarif"] = "true",
            });

            // The upload step would run (even though the job fails) and finds the file the check step wrote.
            var upload = run.Used.ShouldHaveSingleItem();
            upload.Uses.ShouldBe("github/codeql-action/upload-sarif@v3");
            File.Exists(Path.Combine(workspace, upload.With["sarif_file"])).ShouldBeTrue();
            run.Outputs["run"]["exit-code"].ShouldBe("1");
            run.Outputs["run"]["sarif-file"].ShouldBe("drydock.sarif");
            using var sarif = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(workspace, "drydock.sarif")));
            sarif.RootElement.GetProperty("version").GetString().ShouldBe("2.1.0");
            sarif.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength().ShouldBeGreaterThan(0);
            run.Summary.ShouldContain("DF0");
            // The last step fails the job with drydock's exit code, after the uploads.
            run.LastExitCode.ShouldBe(1);
            run.Log.ShouldContain("::error::drydock: findings");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed record ActionRun(Dictionary<string, Dictionary<string, string>> Outputs, List<UsedAction> Used, string Summary, int LastExitCode, string Log);

    /// <summary>A `uses:` step the runner would have run, with its evaluated `with:` inputs.</summary>
    private sealed record UsedAction(string Uses, Dictionary<string, string> With);

    private static async Task<ActionRun> RunActionAsync(string work, string workspace, Dictionary<string, string> given)
    {
        var action = Action();
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in (YamlMappingNode)Child(action, "inputs")!)
        {
            var name = ((YamlScalarNode)key).Value!;
            inputs[name] = given.TryGetValue(name, out var chosen) ? chosen : Scalar(value, "default");
        }
        var temp = Directory.CreateDirectory(Path.Combine(work, "runner-temp")).FullName;
        var summary = Path.Combine(work, "step-summary.md");
        var pathFile = Path.Combine(work, "github-path");
        File.WriteAllText(summary, string.Empty);
        File.WriteAllText(pathFile, string.Empty);
        var outputs = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var used = new List<UsedAction>();
        var log = new System.Text.StringBuilder();
        var lastExitCode = 0;
        var index = 0;
        foreach (var step in (YamlSequenceNode)Child(Child(action, "runs")!, "steps")!)
        {
            index++;
            string Evaluate(string text) => Expression().Replace(text, match => Value(match.Groups[1].Value.Trim(), inputs, outputs));
            var condition = Scalar(step, "if");
            if (condition.Length > 0 && !Condition(condition, inputs, outputs, failed: lastExitCode != 0))
            {
                continue;
            }
            if (Scalar(step, "uses") is { Length: > 0 } uses)
            {
                var with = new Dictionary<string, string>(StringComparer.Ordinal);
                if (Child(step, "with") is YamlMappingNode arguments)
                {
                    foreach (var (key, value) in arguments)
                    {
                        with[((YamlScalarNode)key).Value!] = Evaluate(((YamlScalarNode)value).Value ?? string.Empty);
                    }
                }
                used.Add(new UsedAction(uses, with));
                continue;
            }
            var outputFile = Path.Combine(work, $"output-{index}");
            File.WriteAllText(outputFile, string.Empty);
            var environment = new Dictionary<string, string?>
            {
                ["GITHUB_ACTIONS"] = "true",
                ["CI"] = "true",
                ["GITHUB_ACTION_PATH"] = RepoPaths.Root,
                ["GITHUB_WORKSPACE"] = workspace,
                ["RUNNER_TEMP"] = temp,
                ["GITHUB_OUTPUT"] = outputFile,
                ["GITHUB_STEP_SUMMARY"] = summary,
                ["GITHUB_PATH"] = pathFile,
                ["PATH"] = string.Join(':', File.ReadAllLines(pathFile).Reverse().Append(Environment.GetEnvironmentVariable("PATH"))),
            };
            if (Child(step, "env") is YamlMappingNode env)
            {
                foreach (var (key, value) in env)
                {
                    environment[((YamlScalarNode)key).Value!] = Evaluate(((YamlScalarNode)value).Value ?? string.Empty);
                }
            }
            // The runner's own invocation of `shell: bash`.
            var result = await ProcessRunner.RunAsync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", Scalar(step, "run")],
                new ProcessRunOptions { WorkingDirectory = workspace, Environment = environment, Timeout = TimeSpan.FromMinutes(5) });
            log.Append(result.StandardOutput).Append(result.StandardError);
            lastExitCode = result.ExitCode;
            if (Scalar(step, "id") is { Length: > 0 } id)
            {
                outputs[id] = File.ReadAllLines(outputFile).Where(line => line.Contains('=', StringComparison.Ordinal))
                    .ToDictionary(line => line[..line.IndexOf('=', StringComparison.Ordinal)], line => line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            }
            if (result.ExitCode != 0 && index < ((YamlSequenceNode)Child(Child(action, "runs")!, "steps")!).Children.Count)
            {
                // A failed step before the last would stop the job: only the last step may fail.
                throw new ShouldAssertException($"step {index} ({Scalar(step, "name")}) failed with {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
            }
        }
        return new ActionRun(outputs, used, File.ReadAllText(summary), lastExitCode, log.ToString());
    }

    [GeneratedRegex(@"\$\{\{(.*?)\}\}")]
    private static partial Regex Expression();

    /// <summary>The expressions action.yml uses: inputs.NAME and steps.ID.outputs.NAME. Anything else fails the test.</summary>
    private static string Value(string expression, Dictionary<string, string> inputs, Dictionary<string, Dictionary<string, string>> outputs)
    {
        if (expression.StartsWith("inputs.", StringComparison.Ordinal))
        {
            return inputs[expression["inputs.".Length..]];
        }
        var parts = expression.Split('.');
        if (parts is ["steps", var id, "outputs", var name])
        {
            return outputs.TryGetValue(id, out var values) && values.TryGetValue(name, out var value) ? value : string.Empty;
        }
        throw new ShouldAssertException($"action.yml uses an expression this test does not evaluate: {expression}");
    }

    /// <summary>Conditions: terms joined by &amp;&amp;, each always(), success() or inputs.NAME == 'value'.</summary>
    private static bool Condition(string condition, Dictionary<string, string> inputs, Dictionary<string, Dictionary<string, string>> outputs, bool failed)
    {
        var always = false;
        var result = true;
        foreach (var term in condition.Split("&&", StringSplitOptions.TrimEntries))
        {
            if (term == "always()")
            {
                always = true;
                continue;
            }
            var comparison = term.Split("==", StringSplitOptions.TrimEntries);
            if (comparison.Length != 2 || !comparison[1].StartsWith('\'') || !comparison[1].EndsWith('\''))
            {
                throw new ShouldAssertException($"action.yml uses a condition this test does not evaluate: {term}");
            }
            result &= Value(comparison[0], inputs, outputs) == comparison[1].Trim('\'');
        }
        return result && (always || !failed);
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, directory)));
        }
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)));
        }
    }
}
