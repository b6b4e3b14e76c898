namespace Drydock.Configuration;

/// <summary>
/// The JSON Schema (draft 2020-12) of the whole drydock.yml, for editors (<c># yaml-language-server: $schema=…</c>) and
/// <c>drydock schema</c>. It follows the readers key for key (<c>VerifyConfigParser</c>,
/// <c>CheckConfiguration</c>, <c>ContextSettingsSection</c>); a test keeps the two in step.
/// </summary>
public static class DrydockSchema
{
    /// <summary>Where the published schema lives (docs/drydock.schema.json in the repository); also its <c>$id</c>.</summary>
    public const string Id = ProjectInfo.RepositoryUrl + "/raw/main/docs/drydock.schema.json";

    public const string Json = """
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
""" + "\n  \"$id\": \"" + Id + "\",\n" + """
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
        "fail_on": { "enum": ["error", "warning", "info", "none"], "description": "The least severe finding that fails the check (--fail-on and DRYDOCK_FAIL_ON win over it)." },
        "compose_target": { "enum": ["auto", "v1", "v2", "none"], "description": "The Compose implementation whose accepted keys DC049 checks (default auto: the one verify would use)." },
        "profile": { "enum": ["default", "strict"], "description": "default: one hardening finding per Compose service (DC048); strict: one finding per missing setting (DC004, DC005, DC023, DC024, DC025)." },
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
    "start_order": { "const": "respected", "description": "Each depends_on dependency ready (healthy, or running without a health check) before its dependent's container was created, from the engine's timeline." },
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
        "restarts": { "$ref": "#/$defs/countTarget" },
        "cpu_limit": { "$ref": "#/$defs/cpuTarget" },
        "memory_limit": { "$ref": "#/$defs/sizeTarget" }
      }
    },
    "services": {
      "description": "Per-service settings, by compose service name.",
      "type": ["object", "null"],
      "additionalProperties": { "$ref": "#/$defs/service" }
    },
    "load": {
      "description": "Bounded HTTP load runs, after the stack is probed and measured idle.",
      "type": ["array", "null"],
      "items": { "$ref": "#/$defs/load" }
    },
    "scenarios": {
      "description": "Fault scenarios, after the load runs: steps (faults, probes, waits, load runs) run in order.",
      "type": ["array", "null"],
      "items": { "$ref": "#/$defs/scenario" }
    },
    "baseline": {
      "description": "Tolerances of drydock diff and verify --baseline: metric name (image_size, http_req_duration p(95), p99, requests/s) or kind (sizes, times, latencies, throughput, memory, cpu, counts) → how far it may move the wrong way. Defaults: sizes 10%, times and latencies 25%, throughput 20% (drop), memory 20%.",
      "type": ["object", "null"],
      "additionalProperties": { "type": "string", "pattern": "^[+-]?[0-9]+(\\.[0-9]+)?\\s*%$" }
    }
  },
  "$defs": {
    "stringList": {
      "anyOf": [
        { "type": "string" },
        { "type": "array", "items": { "type": "string" } },
        { "type": "null" }
      ]
    },
    "imageKeyValues": {
      "description": "Each a key that must be set, with an exact value or a regular expression (matches), or neither.",
      "type": ["array", "null"],
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["key"],
        "properties": {
          "key": { "type": "string" },
          "value": { "type": ["string", "number", "boolean"] },
          "matches": { "type": "string" }
        }
      }
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
    "cpuTarget": {
      "description": "An operator (<, <=, >, >=, ==, !=; none means <=) and a number of CPUs: == 4, <= 0.5.",
      "anyOf": [
        { "type": "number", "minimum": 0 },
        { "type": "string", "pattern": "^\\s*(<=|>=|==|!=|<|>)?\\s*\\d+(\\.\\d+)?\\s*$" }
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
            "build_time": { "$ref": "#/$defs/durationTarget" },
            "image_size": { "$ref": "#/$defs/sizeTarget" },
            "time_to_healthy": { "$ref": "#/$defs/durationTarget" },
            "memory_idle": { "$ref": "#/$defs/sizeTarget" },
            "cpu_idle": { "$ref": "#/$defs/percentTarget" },
            "log_errors": { "$ref": "#/$defs/countTarget" },
            "restarts": { "$ref": "#/$defs/countTarget" },
            "cpu_limit": { "$ref": "#/$defs/cpuTarget" },
            "memory_limit": { "$ref": "#/$defs/sizeTarget" }
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
            "max_wasted": { "$ref": "#/$defs/size" },
            "metadata": {
              "description": "The image config, as container-structure-test's metadataTest checks it.",
              "type": ["object", "null"],
              "additionalProperties": false,
              "properties": {
                "env": { "$ref": "#/$defs/imageKeyValues" },
                "labels": { "$ref": "#/$defs/imageKeyValues" },
                "exposed_ports": { "$ref": "#/$defs/stringList" },
                "unexposed_ports": { "$ref": "#/$defs/stringList" },
                "entrypoint": { "$ref": "#/$defs/stringList" },
                "cmd": { "$ref": "#/$defs/stringList" },
                "workdir": { "type": "string" },
                "user": { "type": "string" },
                "volumes": { "$ref": "#/$defs/stringList" },
                "healthcheck": { "enum": ["present", "absent"] }
              }
            },
            "files": {
              "description": "Paths of the final file system: existence, mode, owner, size, symlink target, content, listing.",
              "type": ["array", "null"],
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["path"],
                "properties": {
                  "path": { "type": "string" },
                  "exists": { "type": "boolean" },
                  "mode": { "type": "string" },
                  "owner": { "type": ["string", "integer"] },
                  "min_size": { "$ref": "#/$defs/size" },
                  "max_size": { "$ref": "#/$defs/size" },
                  "link_target": { "type": "string" },
                  "contains": { "$ref": "#/$defs/stringList" },
                  "excludes": { "$ref": "#/$defs/stringList" },
                  "listing": { "$ref": "#/$defs/stringList" },
                  "listing_exact": { "type": "boolean" }
                }
              }
            },
            "efficiency": {
              "description": "dive's CI thresholds (a .dive-ci beside drydock.yml supplies those not set).",
              "type": ["object", "null"],
              "additionalProperties": false,
              "properties": {
                "lowest_efficiency": { "type": ["number", "string"] },
                "highest_wasted_bytes": { "$ref": "#/$defs/size" },
                "highest_user_wasted_percent": { "type": ["number", "string"] }
              }
            }
          }
        },
        "probes": {
          "type": ["array", "null"],
          "items": { "$ref": "#/$defs/probe" }
        },
        "ready_before": { "$ref": "#/$defs/stringList", "description": "Services this one was ready (healthy, or running without a health check) before each was created, from the engine's timeline." }
      }
    },
    "probe": {
      "description": "One check against the running service: exactly one of http, exec, tcp, file.",
      "type": "object",
      "additionalProperties": false,
      "$ref": "#/$defs/probeKind",
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
        "prometheus_targets": {
          "description": "Prometheus' /api/v1/targets: retried until non-empty and settled (no 'unknown'); then every target (or every target of jobs) must be 'up'. A failure names the down targets and their last error.",
          "type": ["object", "null"],
          "additionalProperties": false,
          "properties": {
            "port": { "$ref": "#/$defs/port", "description": "Container port; default: the service's only published TCP port." },
            "path": { "type": "string", "pattern": "^/", "description": "Default /api/v1/targets." },
            "jobs": { "type": "array", "items": { "type": "string" }, "description": "The jobs that must be up, each with a target; default: every target." }
          }
        },
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
                "json": { "type": "object", "propertyNames": { "pattern": "^(\\$|count\\(\\$.*\\)$)" }, "description": "JSON path to expected value; a path selecting many ($..health, $.items[*].state) needs every value equal; count($.path): \">= 3\" (or a number) compares how many." },
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
        "interval": { "$ref": "#/$defs/duration", "description": "Default 1s." },
        "attempts": { "type": "integer", "minimum": 1, "maximum": 1000, "description": "It must pass within this many attempts (attempts: 1: the first); still retried, to show whether it passes later." }
      }
    },
    "probeKind": {
      "oneOf": [
        { "required": ["http"] },
        { "required": ["exec"] },
        { "required": ["tcp"] },
        { "required": ["file"] },
        { "required": ["prometheus_targets"] }
      ]
    },
    "port": { "type": "integer", "minimum": 1, "maximum": 65535 },
    "durationOrZero": {
      "anyOf": [
        { "const": 0 },
        { "$ref": "#/$defs/duration" }
      ]
    },
    "load": {
      "description": "One bounded HTTP load run against a service's port published on 127.0.0.1.",
      "type": "object",
      "additionalProperties": false,
      "required": ["service"],
      "properties": {
        "name": { "type": "string", "description": "Default: '<method> <path>'. Unique among the load runs." },
        "service": { "type": "string", "description": "The compose service." },
        "port": { "$ref": "#/$defs/port", "description": "Container port; default: the service's only published TCP port." },
        "method": { "type": "string", "pattern": "^[A-Za-z]+$", "description": "Default GET." },
        "path": { "type": "string", "pattern": "^/", "description": "Default /." },
        "headers": { "$ref": "#/$defs/stringMap" },
        "body": { "type": "string" },
        "model": { "enum": ["closed", "open"], "description": "closed (default): N connections, each sends as its answer arrives; open: a request rate." },
        "connections": { "type": "integer", "minimum": 1, "maximum": 10000, "description": "closed: connections (default 10); open: the most connections used." },
        "rate": { "type": "number", "exclusiveMinimum": 0, "maximum": 1000000, "description": "open only (and required): requests per second." },
        "duration": { "$ref": "#/$defs/duration", "description": "Default 10s, at most 1h." },
        "max_requests": { "type": "integer", "minimum": 1, "maximum": 2147483647, "description": "Default 100000." },
        "warm_up": { "$ref": "#/$defs/durationOrZero", "description": "Default 1s, not measured." },
        "request_timeout": { "$ref": "#/$defs/duration", "description": "Default 10s, at most 10m." },
        "thresholds": {
          "description": "k6's syntax: metric name to expressions, e.g. http_req_duration: [\"p(95)<500\"].",
          "type": ["object", "null"],
          "propertyNames": { "enum": ["http_req_duration", "http_req_waiting", "http_req_failed", "http_reqs", "iterations", "dropped_iterations", "data_sent", "data_received"] },
          "additionalProperties": {
            "anyOf": [
              { "type": "string" },
              { "type": "null" },
              {
                "type": "array",
                "items": {
                  "anyOf": [
                    { "type": "string" },
                    {
                      "type": "object",
                      "additionalProperties": false,
                      "required": ["threshold"],
                      "properties": {
                        "threshold": { "type": "string" },
                        "abortOnFail": { "const": false }
                      }
                    }
                  ]
                }
              }
            ]
          }
        },
        "during": { "$ref": "#/$defs/during" }
      }
    },
    "during": {
      "description": "A fault applied while the load runs: exactly one fault, and after:.",
      "type": "object",
      "additionalProperties": false,
      "$ref": "#/$defs/faultKind",
      "properties": {
        "restart": { "$ref": "#/$defs/fault" },
        "stop": { "$ref": "#/$defs/fault" },
        "start": { "$ref": "#/$defs/fault" },
        "kill": { "$ref": "#/$defs/killFault" },
        "pause": { "$ref": "#/$defs/fault" },
        "unpause": { "$ref": "#/$defs/fault" },
        "disconnect": { "$ref": "#/$defs/networkFault" },
        "connect": { "$ref": "#/$defs/networkFault" },
        "after": { "$ref": "#/$defs/durationOrZero", "description": "After the measured load starts (default 2s); shorter than duration." }
      }
    },
    "faultKind": {
      "oneOf": [
        { "required": ["restart"] },
        { "required": ["stop"] },
        { "required": ["start"] },
        { "required": ["kill"] },
        { "required": ["pause"] },
        { "required": ["unpause"] },
        { "required": ["disconnect"] },
        { "required": ["connect"] }
      ]
    },
    "fault": {
      "description": "The compose service, or {service: …}.",
      "anyOf": [
        { "type": "string", "minLength": 1 },
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["service"],
          "properties": {
            "service": { "type": "string" }
          }
        }
      ]
    },
    "killFault": {
      "description": "The compose service, or {service: …, signal: SIGTERM} (default SIGKILL).",
      "anyOf": [
        { "type": "string", "minLength": 1 },
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["service"],
          "properties": {
            "service": { "type": "string" },
            "signal": { "type": ["string", "integer"], "pattern": "^((SIG)?[A-Z][A-Z0-9+-]*|[1-9][0-9]?)$" }
          }
        }
      ]
    },
    "networkFault": {
      "description": "The compose service, or {service: …, network: …} (default: its first network).",
      "anyOf": [
        { "type": "string", "minLength": 1 },
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["service"],
          "properties": {
            "service": { "type": "string" },
            "network": { "type": "string" }
          }
        }
      ]
    },
    "scenario": {
      "type": "object",
      "additionalProperties": false,
      "required": ["name", "steps"],
      "properties": {
        "name": { "type": "string", "description": "Unique among the scenarios." },
        "recovery_time": { "$ref": "#/$defs/durationTarget", "description": "Each fault until every probe after it passes again." },
        "recovery_timeout": { "$ref": "#/$defs/duration", "description": "How long probes after a fault are retried (default 60s)." },
        "expect_logs": {
          "description": "Service to the patterns of error lines it may log while this scenario runs (a fault's honest noise): counted apart from log_errors and shown.",
          "type": "object",
          "additionalProperties": { "$ref": "#/$defs/patternList" }
        },
        "steps": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/step" } }
      }
    },
    "step": {
      "description": "Exactly one of probe, a fault, wait, load.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "probe": { "$ref": "#/$defs/scenarioProbe" },
        "restart": { "$ref": "#/$defs/fault" },
        "stop": { "$ref": "#/$defs/fault" },
        "start": { "$ref": "#/$defs/fault" },
        "kill": { "$ref": "#/$defs/killFault" },
        "pause": { "$ref": "#/$defs/fault" },
        "unpause": { "$ref": "#/$defs/fault" },
        "disconnect": { "$ref": "#/$defs/networkFault" },
        "connect": { "$ref": "#/$defs/networkFault" },
        "wait": { "$ref": "#/$defs/duration" },
        "load": { "$ref": "#/$defs/load" }
      },
      "oneOf": [
        { "required": ["probe"] },
        { "required": ["restart"] },
        { "required": ["stop"] },
        { "required": ["start"] },
        { "required": ["kill"] },
        { "required": ["pause"] },
        { "required": ["unpause"] },
        { "required": ["disconnect"] },
        { "required": ["connect"] },
        { "required": ["wait"] },
        { "required": ["load"] }
      ]
    },
    "scenarioProbe": {
      "description": "A probe as under services.*.probes, plus service: and save:. ${name} in the request uses a saved value.",
      "type": "object",
      "additionalProperties": false,
      "required": ["service"],
      "$ref": "#/$defs/probeKind",
      "properties": {
        "service": { "type": "string", "description": "The compose service." },
        "save": {
          "description": "Variable name to what later steps use as ${name}: a JSON path of an http answer; of an exec probe's output, stdout (all of it, trimmed) or {match: regex} (its first group).",
          "type": "object",
          "propertyNames": { "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" },
          "additionalProperties": {
            "anyOf": [
              { "type": "string", "pattern": "^\\$" },
              { "const": "stdout" },
              { "type": "object", "additionalProperties": false, "required": ["match"], "properties": { "match": { "type": "string", "format": "regex" } } }
            ]
          }
        },
        "name": { "$ref": "#/$defs/probe/properties/name" },
        "http": { "$ref": "#/$defs/probe/properties/http" },
        "exec": { "$ref": "#/$defs/probe/properties/exec" },
        "tcp": { "$ref": "#/$defs/probe/properties/tcp" },
        "file": { "$ref": "#/$defs/probe/properties/file" },
        "prometheus_targets": { "$ref": "#/$defs/probe/properties/prometheus_targets" },
        "user": { "$ref": "#/$defs/probe/properties/user" },
        "expect": { "$ref": "#/$defs/probe/properties/expect" },
        "timeout": { "$ref": "#/$defs/probe/properties/timeout" },
        "interval": { "$ref": "#/$defs/probe/properties/interval" },
        "attempts": { "$ref": "#/$defs/probe/properties/attempts" }
      }
    }
  }
}
""";
}
