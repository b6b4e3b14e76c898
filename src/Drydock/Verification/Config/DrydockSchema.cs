namespace Drydock.Verification.Config;

/// <summary>
/// The JSON Schema (draft 2020-12) of the whole drydock.yml, for editors (<c># yaml-language-server: $schema=…</c>) and
/// <c>drydock schema</c>. It follows the readers key for key (<see cref="VerifyConfigParser"/>,
/// <c>CheckConfiguration</c>, <c>ContextSettingsSection</c>); a test keeps the two in step.
/// </summary>
public static class DrydockSchema
{
    public const string Json = """
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://drydock.dev/schema/drydock.yml.json",
  "title": "drydock.yml",
  "description": "Configuration of drydock check (check:, context:) and drydock verify (every other section). See docs/drydock-yml.md.",
  "type": ["object", "null"],
  "additionalProperties": false,
  "properties": {
    "check": {
      "description": "Static analysis: rule switches, trusted registries, build args, exclusions.",
      "type": ["object", "null"],
      "additionalProperties": false,
      "properties": {
        "disable": { "$ref": "#/$defs/ruleList", "description": "Rule ids or aliases to turn off (or all)." },
        "enable": { "$ref": "#/$defs/ruleList", "description": "Rules that are off by default to turn on." },
        "severity": { "$ref": "#/$defs/severityMap" },
        "trusted_registries": { "$ref": "#/$defs/stringList", "description": "Registries (globs allowed) images may come from." },
        "build_args": {
          "description": "Build arguments used to resolve FROM lines.",
          "type": "object",
          "additionalProperties": { "type": ["string", "number", "boolean"] }
        },
        "exclude": { "$ref": "#/$defs/stringList", "description": "Globs of paths not to check." },
        "shellcheck": { "type": "boolean", "description": "Run shellcheck on RUN instructions (default true)." },
        "overrides": {
          "type": "array",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["paths"],
            "properties": {
              "paths": { "$ref": "#/$defs/stringList" },
              "disable": { "$ref": "#/$defs/ruleList" },
              "enable": { "$ref": "#/$defs/ruleList" },
              "severity": { "$ref": "#/$defs/severityMap" }
            }
          }
        }
      }
    },
    "context": {
      "description": "Build context analysis.",
      "type": ["object", "null"],
      "additionalProperties": false,
      "properties": {
        "max_size": { "$ref": "#/$defs/size", "description": "CX001's target (default 100 MB)." }
      }
    },
    "compose": {
      "description": "The compose files, as -f would name them (default: Compose's discovery).",
      "$ref": "#/$defs/stringList"
    },
    "timeout": { "$ref": "#/$defs/duration", "description": "The whole run (default 10m); then it fails and tears down." },
    "startup_timeout": { "$ref": "#/$defs/duration", "description": "How long services get to become healthy (default 3m)." },
    "idle": {
      "description": "The window idle CPU and memory are sampled over.",
      "type": ["object", "null"],
      "additionalProperties": false,
      "properties": {
        "window": { "$ref": "#/$defs/duration", "description": "Default 10s." },
        "interval": { "$ref": "#/$defs/duration", "description": "Default 1s; at most the window." }
      }
    },
    "log_errors": { "$ref": "#/$defs/patternList", "description": "Regular expressions a log line counts as an error by." },
    "targets": {
      "description": "Stack-wide targets; per-service metrics here apply to every service without its own.",
      "type": ["object", "null"],
      "additionalProperties": false,
      "properties": {
        "build_time": { "$ref": "#/$defs/durationTarget" },
        "image_size": { "$ref": "#/$defs/sizeTarget" },
        "startup_time": { "$ref": "#/$defs/durationTarget" },
        "time_to_healthy": { "$ref": "#/$defs/durationTarget" },
        "memory_idle": { "$ref": "#/$defs/sizeTarget" },
        "cpu_idle": { "$ref": "#/$defs/percentTarget" },
        "log_errors": { "$ref": "#/$defs/countTarget" },
        "restarts": { "$ref": "#/$defs/countTarget" }
      }
    },
    "services": {
      "description": "Per-service settings, by compose service name.",
      "type": ["object", "null"],
      "additionalProperties": { "$ref": "#/$defs/service" }
    },
    "scenarios": { "description": "Reserved for load scenarios (a later release)." },
    "load": { "description": "Reserved for load testing (a later release)." }
  },
  "$defs": {
    "stringList": {
      "anyOf": [
        { "type": "string" },
        { "type": "array", "items": { "type": "string" } },
        { "type": "null" }
      ]
    },
    "ruleList": {
      "anyOf": [
        { "type": "string", "description": "Comma- or space-separated ids." },
        { "type": "array", "items": { "type": "string" } },
        { "type": "null" }
      ]
    },
    "patternList": {
      "anyOf": [
        { "type": "string", "format": "regex" },
        { "type": "array", "items": { "type": "string", "format": "regex" } },
        { "type": "null" }
      ]
    },
    "severityMap": {
      "description": "Rule id or alias to error, warning, info or off.",
      "type": "object",
      "additionalProperties": { "enum": ["error", "warning", "info", "off", "none", false] }
    },
    "duration": {
      "description": "250ms, 10s, 1m30s, 2h; a plain number is seconds.",
      "anyOf": [
        { "type": "number", "exclusiveMinimum": 0 },
        { "type": "string", "pattern": "^\\s*(\\d+(\\.\\d+)?|\\+?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d|w))+)\\s*$" }
      ]
    },
    "size": {
      "description": "300 MB, 1.5GB, 512MiB; a plain number is bytes. kB, MB, GB are decimal; KiB, MiB, GiB binary.",
      "anyOf": [
        { "type": "integer", "minimum": 0 },
        { "type": "string", "pattern": "^\\s*(\\d+(\\.\\d*)?|\\.\\d+)\\s*([kKmMgGtT][bB]?|[kKmMgG]i[bB]|[bB])?\\s*$" }
      ]
    },
    "durationTarget": {
      "description": "An operator (<, <=, >, >=, ==, !=; none means <=) and a duration: < 30s, 10m.",
      "anyOf": [
        { "type": "number", "minimum": 0 },
        { "type": "string", "pattern": "^\\s*(<=|>=|==|!=|<|>)?\\s*(\\d+(\\.\\d+)?|\\+?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d|w))+)\\s*$" }
      ]
    },
    "latencyTarget": {
      "description": "An operator (<, <=, >, >=, ==, !=; none means <=) and a duration with its unit: < 100ms.",
      "anyOf": [
        { "const": 0 },
        { "type": "string", "pattern": "^\\s*(<=|>=|==|!=|<|>)?\\s*(0|\\+?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d|w))+)\\s*$" }
      ]
    },
    "sizeTarget": {
      "description": "An operator (<, <=, >, >=, ==, !=; none means <=) and a size: < 300 MB.",
      "anyOf": [
        { "type": "integer", "minimum": 0 },
        { "type": "string", "pattern": "^\\s*(<=|>=|==|!=|<|>)?\\s*(\\d+(\\.\\d*)?|\\.\\d+)\\s*([kKmMgGtT][bB]?|[kKmMgG]i[bB]|[bB])?\\s*$" }
      ]
    },
    "percentTarget": {
      "description": "An operator (<, <=, >, >=, ==, !=; none means <=) and a percentage: < 5%.",
      "anyOf": [
        { "type": "number", "minimum": 0 },
        { "type": "string", "pattern": "^\\s*(<=|>=|==|!=|<|>)?\\s*\\d+(\\.\\d+)?\\s*%?\\s*$" }
      ]
    },
    "countTarget": {
      "description": "An operator (<, <=, >, >=, ==, !=; none means <=) and a whole number: 0, > 2.",
      "anyOf": [
        { "type": "integer", "minimum": 0 },
        { "type": "string", "pattern": "^\\s*(<=|>=|==|!=|<|>)?\\s*\\d+(\\.0*)?\\s*$" }
      ]
    },
    "stringMap": {
      "type": "object",
      "additionalProperties": { "type": ["string", "number", "boolean"] }
    },
    "service": {
      "type": ["object", "null"],
      "additionalProperties": false,
      "properties": {
        "optional": { "type": "boolean", "description": "true: may fail without failing the run." },
        "targets": {
          "type": ["object", "null"],
          "additionalProperties": false,
          "properties": {
            "image_size": { "$ref": "#/$defs/sizeTarget" },
            "time_to_healthy": { "$ref": "#/$defs/durationTarget" },
            "memory_idle": { "$ref": "#/$defs/sizeTarget" },
            "cpu_idle": { "$ref": "#/$defs/percentTarget" },
            "log_errors": { "$ref": "#/$defs/countTarget" },
            "restarts": { "$ref": "#/$defs/countTarget" }
          }
        },
        "log_errors": { "$ref": "#/$defs/patternList", "description": "This service's patterns (default: the stack's)." },
        "image": {
          "description": "The built image's content.",
          "type": ["object", "null"],
          "additionalProperties": false,
          "properties": {
            "user": { "enum": ["non-root", "root"] },
            "absent": { "$ref": "#/$defs/stringList", "description": "Globs nothing in the image may match." },
            "present": { "$ref": "#/$defs/stringList", "description": "Globs something in the image must match." },
            "max_wasted": { "$ref": "#/$defs/size" }
          }
        },
        "probes": {
          "type": ["array", "null"],
          "items": { "$ref": "#/$defs/probe" }
        }
      }
    },
    "probe": {
      "description": "One check against the running service: exactly one of http, exec, tcp, file.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "name": { "type": "string", "description": "Default: '<kind> <target>', e.g. 'http GET /health'. Unique per service." },
        "http": {
          "anyOf": [
            { "type": "string", "pattern": "^/", "description": "The path alone." },
            {
              "type": ["object", "null"],
              "additionalProperties": false,
              "properties": {
                "path": { "type": "string", "pattern": "^/", "description": "Default /." },
                "method": { "type": "string", "pattern": "^[A-Za-z]+$", "description": "Default GET." },
                "port": { "$ref": "#/$defs/port", "description": "Container port; default: the service's only published TCP port." },
                "headers": { "$ref": "#/$defs/stringMap" },
                "body": { "type": "string" }
              }
            }
          ]
        },
        "exec": {
          "description": "A list, or a string run with /bin/sh -c.",
          "anyOf": [
            { "type": "string", "minLength": 1 },
            { "type": "array", "items": { "type": "string" }, "minItems": 1 }
          ]
        },
        "tcp": { "$ref": "#/$defs/port" },
        "file": {
          "anyOf": [
            { "type": "string", "pattern": "^/", "description": "The path alone." },
            {
              "type": "object",
              "additionalProperties": false,
              "required": ["path"],
              "properties": {
                "path": { "type": "string", "pattern": "^/", "description": "A path or glob in the running container." },
                "exists": { "type": "boolean", "description": "false: nothing may match (default true)." },
                "owner": { "type": ["string", "integer"], "pattern": "^\\d+(:\\d+)?$", "description": "uid or uid:gid." },
                "mode": { "type": ["string", "integer"], "pattern": "^(0o)?[0-7]{3,5}$", "description": "Octal permission bits, quoted: \"0644\"." },
                "size": { "$ref": "#/$defs/sizeTarget" },
                "magic": { "type": "string", "minLength": 1, "description": "Leading bytes: text, or hex as hex:47475546." }
              }
            }
          ]
        },
        "user": { "type": ["string", "integer"], "description": "exec only: the user the command runs as." },
        "expect": {
          "anyOf": [
            {
              "description": "http expectations.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "status": { "type": "integer", "minimum": 100, "maximum": 599, "description": "Default: any 2xx." },
                "headers": { "$ref": "#/$defs/stringMap", "description": "Header name to a value it must contain." },
                "body_contains": { "type": "string" },
                "body_matches": { "type": "string", "format": "regex" },
                "json": { "type": "object", "propertyNames": { "pattern": "^\\$" }, "description": "JSON path to expected value." },
                "prometheus": { "type": "array", "items": { "type": "string" }, "description": "Metric names ([] = just valid exposition)." },
                "first_event_within": { "$ref": "#/$defs/duration" },
                "latency": { "$ref": "#/$defs/latencyTarget" }
              }
            },
            {
              "description": "exec expectations.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "exit_code": { "type": "integer", "minimum": 0, "maximum": 255 },
                "output_contains": { "type": "string" },
                "output_matches": { "type": "string", "format": "regex" }
              }
            }
          ]
        },
        "timeout": { "$ref": "#/$defs/duration", "description": "Retried until it passes or this runs out (default 30s)." },
        "interval": { "$ref": "#/$defs/duration", "description": "Default 1s." }
      },
      "oneOf": [
        { "required": ["http"] },
        { "required": ["exec"] },
        { "required": ["tcp"] },
        { "required": ["file"] }
      ]
    },
    "port": { "type": "integer", "minimum": 1, "maximum": 65535 }
  }
}
""";
}
