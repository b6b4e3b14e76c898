using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Runtime;

/// <summary>DF043.</summary>
public sealed class MultipleHealthcheckRule() : RepeatedInstructionRule(Describe(
    "DF043", "Multiple HEALTHCHECK instructions", RuleCategories.Correctness, Severity.Warning, MessageFormat,
    "Only the last HEALTHCHECK of a stage is used. Remove the others.",
    "DL3012", "MultipleInstructionsDisallowed", "DS-0023"), InstructionKind.Healthcheck);
