using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Syntax;

/// <summary>DF009: <c>$VAR</c> in exec form, where no shell runs to expand it.</summary>
public sealed class ExecFormVariableRule() : DockerfileRule(Describe(
    "DF009", "Variable in exec form is not expanded", RuleCategories.Correctness, Severity.Warning,
    "'{0}' is passed literally: exec form runs '{1}' without a shell, so {2} is not expanded",
    "In exec form (JSON array) the program runs directly and receives '$VAR' as text. Use shell form, or run a shell explicitly: [\"sh\", \"-c\", \"exec program \\\"$VAR\\\"\"]."))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, instruction) in analysis.Instructions)
        {
            if (instruction is not CommandInstruction { IsExecForm: true, ExecArguments.Count: > 0 } command || command.Kind == InstructionKind.Shell)
            {
                continue;
            }
            var program = Drydock.Dockerfiles.Shell.ShellCommand.ProgramName(command.ExecArguments[0].Value);
            if (program is "sh" or "bash" or "dash" or "ash" or "zsh" or "env" or "pwsh" or "powershell" or "cmd" or "cmd.exe")
            {
                continue;
            }
            foreach (var argument in command.ExecArguments)
            {
                var variable = FirstVariable(argument.Value);
                if (variable is not null)
                {
                    yield return Report(argument.Span, argument.Value, program, variable);
                    break;
                }
            }
        }
    }

    private static string? FirstVariable(string value)
    {
        var dollar = value.IndexOf('$', StringComparison.Ordinal);
        while (dollar >= 0 && dollar + 1 < value.Length)
        {
            var next = value[dollar + 1];
            if (next == '{' || char.IsAsciiLetter(next) || next == '_')
            {
                var end = dollar + 1;
                if (next == '{')
                {
                    end = value.IndexOf('}', dollar);
                    return end < 0 ? null : value[dollar..(end + 1)];
                }
                while (end < value.Length && (char.IsAsciiLetterOrDigit(value[end]) || value[end] == '_'))
                {
                    end++;
                }
                return value[dollar..end];
            }
            dollar = value.IndexOf('$', dollar + 1);
        }
        return null;
    }
}
