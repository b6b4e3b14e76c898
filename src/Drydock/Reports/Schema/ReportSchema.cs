namespace Drydock.Reports.Schema;

/// <summary>
/// The JSON Schema (draft 2020-12) of the report.json that <c>drydock verify --report-dir</c> (or <c>--format json</c>)
/// writes, printed by <c>drydock schema --report</c> and published as docs/report.schema.json. It follows
/// <c>VerifyReport.Json</c> and <c>JsonReportRenderer</c> field for field; a test validates a real run's report
/// against it. <c>drydock diff</c> reads the same fields.
/// </summary>
public static class ReportSchema
{
    public const string Id = ProjectInfo.RepositoryUrl + "/raw/main/docs/report.schema.json";

    public const string Json = """
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
""" + "\n  \"$id\": \"" + Id + "\",\n" + """
  "title": "drydock verify report.json",
  "description": "What drydock verify measured: the targets table, probes, findings, services with their timelines, load runs, scenarios, resource samples and the environment it ran in. See docs/reports.md.",
  "type": "object",
  "required": ["schemaVersion", "project", "status", "durationSeconds", "runId", "services", "failures", "load", "scenarios", "measurements", "probes", "findings"],
  "additionalProperties": false,
  "properties": {
    "schemaVersion": { "const": 1 },
    "project": { "type": "string" },
    "status": { "enum": ["passed", "failed"] },
    "durationSeconds": { "type": "number", "minimum": 0 },
    "runId": { "type": "string" },
    "composeProject": { "type": "string" },
    "compose": { "type": "string", "description": "The Compose tool and its version." },
    "timings": { "type": "string", "description": "How the start-up intervals are defined." },
    "configFile": { "type": ["string", "null"] },
    "environment": {
      "description": "Where the run was measured; drydock diff flags runs whose host, cores or engine differ.",
      "type": ["object", "null"],
      "additionalProperties": false,
      "required": ["host", "cores", "engineVersion"],
      "properties": {
        "host": { "type": ["string", "null"] },
        "cores": { "type": "integer", "minimum": 0 },
        "memoryBytes": { "type": "integer", "minimum": 0 },
        "engineVersion": { "type": ["string", "null"] },
        "apiVersion": { "type": ["string", "null"] },
        "operatingSystem": { "type": ["string", "null"] },
        "architecture": { "type": ["string", "null"] },
        "kernelVersion": { "type": ["string", "null"] },
        "drydockVersion": { "type": "string" }
      }
    },
    "phases": {
      "description": "The run's phases in order; each lasts until the next one starts.",
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["name", "start"],
        "properties": { "name": { "type": "string" }, "start": { "$ref": "#/$defs/time" } }
      }
    },
    "idle": {
      "type": "object",
      "additionalProperties": false,
      "properties": { "usage": { "$ref": "#/$defs/usage" } }
    },
    "images": {
      "description": "Each service's image: its layers (oldest first) and, when analysed, the bytes wasted by replaced or deleted files.",
      "type": "object",
      "additionalProperties": {
        "type": "object",
        "additionalProperties": false,
        "required": ["image", "size", "layers"],
        "properties": {
          "image": { "type": "string" },
          "size": { "type": "integer", "minimum": 0 },
          "wastedBytes": { "type": ["integer", "null"], "minimum": 0 },
          "efficiency": { "type": ["number", "null"] },
          "layers": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": ["size"],
              "properties": { "size": { "type": "integer", "minimum": 0 }, "createdBy": { "type": ["string", "null"] } }
            }
          }
        }
      }
    },
    "services": {
      "type": "array",
      "items": {
        "type": "object",
        "required": ["name", "status", "timeline"],
        "properties": {
          "name": { "type": "string" },
          "optional": { "type": "boolean" },
          "status": { "type": "string" },
          "image": { "type": ["string", "null"] },
          "imageSize": { "type": ["integer", "null"] },
          "containerId": { "type": ["string", "null"] },
          "hasHealthcheck": { "type": ["boolean", "null"] },
          "dependsOn": { "type": "array", "items": { "type": "string" }, "description": "Its depends_on services (the Gantt draws them)." },
          "createdToReadySeconds": { "type": ["number", "null"] },
          "timeline": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "created": { "$ref": "#/$defs/optionalTime" },
              "running": { "$ref": "#/$defs/optionalTime" },
              "healthy": { "$ref": "#/$defs/optionalTime" },
              "exited": { "$ref": "#/$defs/optionalTime" }
            }
          },
          "restarts": { "type": ["integer", "null"] },
          "failure": { "type": ["object", "null"] },
          "posture": { "type": ["object", "null"] }
        }
      }
    },
    "failures": { "type": "array", "items": { "type": "string" } },
    "load": {
      "type": "array",
      "items": {
        "type": "object",
        "required": ["name", "service", "passed", "usage"],
        "properties": {
          "name": { "type": "string" },
          "service": { "type": "string" },
          "scenario": { "type": ["string", "null"] },
          "passed": { "type": "boolean" },
          "failure": { "type": ["string", "null"] },
          "warnings": { "type": "array", "items": { "type": "string" } },
          "serviceCpuPercent": { "type": ["number", "null"] },
          "servicePeakMemory": { "type": ["number", "null"] },
          "usage": { "$ref": "#/$defs/usage" },
          "result": {
            "type": ["object", "null"],
            "required": ["throughput", "latency", "timeline", "latencyHistogram"],
            "properties": {
              "throughput": { "type": "number" },
              "latency": { "$ref": "#/$defs/latency" },
              "timeline": {
                "description": "Per second of the measured window, by completion time.",
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["second", "requests", "errors", "p50Ms", "p99Ms", "maxMs"],
                  "properties": {
                    "second": { "type": "integer" }, "requests": { "type": "integer" }, "errors": { "type": "integer" },
                    "p50Ms": { "type": "number" }, "p99Ms": { "type": "number" }, "maxMs": { "type": "number" }
                  }
                }
              },
              "latencyHistogram": {
                "description": "Answers per latency bucket; bounds follow the R10 series (10 per decade) so two runs line up.",
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["upToMs", "count"],
                  "properties": { "upToMs": { "type": "number" }, "count": { "type": "integer", "minimum": 0 } }
                }
              }
            }
          }
        }
      }
    },
    "scenarios": {
      "type": "array",
      "items": {
        "type": "object",
        "required": ["name", "status", "steps"],
        "properties": {
          "name": { "type": "string" },
          "status": { "enum": ["passed", "failed"] },
          "steps": { "type": "array", "items": { "type": "object", "required": ["step", "status"] } },
          "problems": { "type": "array", "items": { "type": "string" } },
          "usage": { "$ref": "#/$defs/usage" }
        }
      }
    },
    "kept": { "type": ["string", "null"] },
    "baseline": {
      "description": "With --baseline: the comparison with the baseline run (drydock diff's JSON).",
      "type": ["object", "null"]
    },
    "measurements": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["metric", "service", "target", "actual", "unit", "status", "actualText"],
        "properties": {
          "metric": { "type": "string" },
          "service": { "type": ["string", "null"] },
          "target": {
            "type": ["object", "null"],
            "additionalProperties": false,
            "required": ["comparison", "value"],
            "properties": {
              "comparison": { "enum": ["<", "<=", ">", ">=", "==", "!="] },
              "value": { "type": ["number", "null"] },
              "baselineFactor": { "type": "number", "description": "A relative target: value = baselineFactor × the baseline's actual." }
            }
          },
          "actual": { "type": ["number", "null"] },
          "unit": { "type": "string" },
          "status": { "enum": ["pass", "fail", "info"] },
          "targetText": { "type": ["string", "null"] },
          "actualText": { "type": "string" },
          "detail": { "type": "string" },
          "evidence": { "type": "array", "items": { "type": "string" } }
        }
      }
    },
    "probes": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["service", "name", "status", "attempts", "durationMs"],
        "properties": {
          "service": { "type": "string" },
          "name": { "type": "string" },
          "status": { "enum": ["passed", "failed", "skipped"] },
          "attempts": { "type": "integer", "minimum": 0 },
          "durationMs": { "type": "number" },
          "detail": { "type": ["string", "null"] },
          "failedAttempts": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": ["answer", "count"],
              "properties": { "answer": { "type": "string" }, "count": { "type": "integer", "minimum": 1 } }
            }
          }
        }
      }
    },
    "findings": {
      "type": "array",
      "items": {
        "type": "object",
        "required": ["rule", "severity", "file", "line", "column", "message"],
        "properties": {
          "rule": { "type": "string", "pattern": "^[A-Z]{2}[0-9]{3}$" },
          "severity": { "enum": ["error", "warning", "info"] },
          "file": { "type": "string" },
          "line": { "type": "integer" },
          "column": { "type": "integer" },
          "message": { "type": "string" }
        }
      }
    }
  },
  "$defs": {
    "time": { "type": "string", "format": "date-time" },
    "optionalTime": { "type": ["string", "null"], "format": "date-time" },
    "latency": {
      "type": "object",
      "required": ["count", "p50Ms", "p95Ms", "p99Ms", "maxMs"],
      "properties": {
        "count": { "type": "integer" }, "minMs": { "type": "number" }, "meanMs": { "type": "number" }, "p50Ms": { "type": "number" },
        "p90Ms": { "type": "number" }, "p95Ms": { "type": "number" }, "p99Ms": { "type": "number" }, "p999Ms": { "type": "number" }, "maxMs": { "type": "number" }
      }
    },
    "usage": {
      "description": "Service name → CPU (percent of one CPU) and memory (bytes) over a window, with every reading in series.",
      "type": "object",
      "additionalProperties": {
        "type": "object",
        "additionalProperties": false,
        "required": ["cpuPercent", "memory", "samples", "series"],
        "properties": {
          "cpuPercent": { "type": ["number", "null"] },
          "cpuPercentPeak": { "type": ["number", "null"] },
          "memory": { "type": ["number", "null"] },
          "memoryPeak": { "type": ["number", "null"] },
          "samples": { "type": "integer", "minimum": 0 },
          "series": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": ["time", "cpuPercent", "memory"],
              "properties": {
                "time": { "$ref": "#/$defs/time" },
                "cpuPercent": { "type": ["number", "null"] },
                "memory": { "type": "integer", "minimum": 0 }
              }
            }
          }
        }
      }
    }
  }
}
""";
}
