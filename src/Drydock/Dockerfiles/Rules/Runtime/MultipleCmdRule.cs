using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Runtime;

/// <summary>DF041.</summary>
public sealed class MultipleCmdRule() : RepeatedInstructionRule(Describe(
    "DF041", "Multiple CMD instructions", RuleCategories.Correctness, Severity.Warning, MessageFormat,
    "Only the last CMD of a stage is used. Remove the others, or combine them into one command.",
    "DL4003", "MultipleInstructionsDisallowed", "DS-0016"), InstructionKind.Cmd);
