using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Runtime;

/// <summary>DF042.</summary>
public sealed class MultipleEntrypointRule() : RepeatedInstructionRule(Describe(
    "DF042", "Multiple ENTRYPOINT instructions", RuleCategories.Correctness, Severity.Error, MessageFormat,
    "Only the last ENTRYPOINT of a stage is used. Remove the others.",
    "DL4004", "MultipleInstructionsDisallowed", "DS-0007"), InstructionKind.Entrypoint);
