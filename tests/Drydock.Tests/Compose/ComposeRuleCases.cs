namespace Drydock.Tests.Compose;

/// <summary>One rule case: a project that must produce the rule's findings at these lines (none for a clean case).</summary>
/// <param name="Rule">The rule id.</param>
/// <param name="Name">What the case shows.</param>
/// <param name="Compose">compose.yaml.</param>
/// <param name="Lines">compose.yaml lines (or file:line) where the rule must fire; empty means it must not fire.</param>
public sealed record ComposeRuleCase(string Rule, string Name, string Compose, params string[] Lines)
{
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public bool GitRepository { get; init; }

    /// <summary>The Compose implementation the project is checked for (DC049).</summary>
    public Drydock.Compose.Rules.ComposeTarget Target { get; init; }
    /// <summary>The severity every finding of the case must have, when it matters.</summary>
    public Drydock.Findings.Severity? Severity { get; init; }

    public override string ToString() => $"{Rule} {Name}";
}

/// <summary>The positive and negative cases of every DC rule.</summary>
internal static class ComposeRuleCases
{
    /// <summary>A service that passes every default rule: the shape each case starts from (lines 3 to 15 of <see cref="App"/>).</summary>
    private static readonly string[] Hardened =
    [
        "image: example/app:1.2.3",
        "user: \"1000:1000\"",
        "read_only: true",
        "cap_drop: [ALL]",
        "security_opt: [\"no-new-privileges:true\"]",
        "mem_limit: 256m",
        "cpus: 0.5",
        "pids_limit: 100",
        "restart: unless-stopped",
        "healthcheck:",
        "  test: [\"CMD\", \"true\"]",
        "  interval: 10s",
        "  timeout: 3s",
    ];

    /// <summary>A project with one hardened service named app, <paramref name="extra"/> lines under it from line 16, then <paramref name="tail"/>.</summary>
    public static string App(string extra = "", string tail = "") =>
        "services:\n  app:\n"
        + string.Concat(Hardened.Select(line => "    " + line + "\n"))
        + (extra.Length > 0 ? string.Concat(extra.Split('\n').Select(line => "    " + line + "\n")) : string.Empty)
        + tail;

    // App() puts the hardened block on lines 3-15; extra lines start at line 16.
    public static IEnumerable<ComposeRuleCase> All()
    {
        yield return new("DC001", "unknown key", App("imagee: x"), "16");
        yield return new("DC001", "clean", App());

        yield return new("DC002", "privileged", App("privileged: true"), "16");
        yield return new("DC002", "not privileged", App("privileged: false"));

        yield return new("DC003", "SYS_ADMIN and NET_ADMIN", App("cap_add: [SYS_ADMIN, CHOWN, NET_ADMIN]"), "16", "16");
        yield return new("DC003", "harmless capability", App("cap_add: [NET_BIND_SERVICE]"));

        yield return new("DC004", "no cap_drop", "services:\n  app:\n    image: a:1\n", "2");
        yield return new("DC004", "cap_drop ALL", App());

        yield return new("DC005", "no security_opt", "services:\n  app:\n    image: a:1\n", "2");
        yield return new("DC005", "no-new-privileges", App());

        yield return new("DC006", "docker socket", App("volumes: [\"/var/run/docker.sock:/var/run/docker.sock:ro\"]"), "16");
        yield return new("DC006", "ordinary bind", App("volumes: [\"./data:/data\"]")) { Files = new Dictionary<string, string> { ["data/.keep"] = string.Empty } };

        yield return new("DC007", "host root and /etc", App("volumes:\n  - /:/host\n  - /etc:/host-etc:ro"), "17", "18");
        yield return new("DC007", "localtime", App("volumes: [\"/etc/localtime:/etc/localtime:ro\"]"));

        yield return new("DC008", "host network", App("network_mode: host"), "16");
        yield return new("DC008", "bridge", App("network_mode: bridge"));

        yield return new("DC009", "host pid and ipc", App("pid: host\nipc: host"), "16", "17");
        yield return new("DC009", "private ipc", App("ipc: private"));

        yield return new("DC010", "all interfaces", App("ports: [\"8080:80\", \"0.0.0.0:8443:443\"]"), "16", "16");
        yield return new("DC010", "a random host port on all interfaces", App("ports: [\"80\", {target: 443}]"), "16", "16");
        yield return new("DC010", "loopback, a random loopback port, and expose", App("ports: [\"127.0.0.1:8080:80\", \"127.0.0.1::81\"]\nexpose: [\"82\"]"));

        yield return new("DC011", "literal password and URL", App("environment:\n  POSTGRES_PASSWORD: hunter2\n  DATABASE_URL: postgres://app:s3cret@db:5432/app\n  API_TOKEN: ${API_TOKEN:-changeme}"), "17", "18", "19");
        yield return new("DC011", "an application's SECRET_ prefix names settings", App("environment:\n  SECRET_LOCAL_HOSTNAME: 0.0.0.0\n  SECRET_FORCED_LANGUAGE: en"));
        yield return new("DC011", "SECRET_KEY is still a secret", App("environment:\n  SECRET_KEY: django-insecure-abc123"), "17");
        yield return new("DC011", "GitHub fine-grained token under a plain name", App("environment:\n  REPO_ACCESS: github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"), "17");
        yield return new("DC011", "references and flags", App("environment:\n  POSTGRES_PASSWORD: ${DB_PASSWORD:?set it}\n  POSTGRES_PASSWORD_FILE: /run/secrets/db\n  MYSQL_ALLOW_EMPTY_PASSWORD: \"yes\"\n  TOKEN_TTL: \"900\"")) { Environment = new Dictionary<string, string> { ["DB_PASSWORD"] = "from-shell" } };

        yield return new("DC012", "requirepass", App("command: [\"redis-server\", \"--requirepass\", \"supersecret\"]"), "16");
        yield return new("DC012", "password from a variable", App("command: [\"redis-server\", \"--requirepass\", \"$$REDIS_PASSWORD\"]"));
        yield return new("DC012", "authentication plugin is not a credential", App("command: [\"mysqld\", \"--default-authentication-plugin=mysql_native_password\"]"));
        yield return new("DC012", "auth method and password file are not credentials", App("command: [\"postgres\", \"--auth-host=scram-sha-256\", \"--password-file=/run/secrets/db\", \"--auth\", \"md5\"]"));
        yield return new("DC012", "redis-cli -a and --auth with a literal", App("command: [\"redis-cli\", \"-a\", \"redispass123\", \"ping\"]\nentrypoint: [\"app\", \"--auth\", \"s3cr3tvalue\"]"), "16", "17");
        yield return new("DC012", "literal password beside a plugin flag", App("command: [\"mysqld\", \"--default-authentication-plugin=mysql_native_password\", \"--password=hunter2\"]"), "16");

        yield return new("DC013", "build arg secret", "services:\n  app:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: npm_abcdef123456\n    image: a:1\n", "6");
        yield return new("DC013", "build arg version", "services:\n  app:\n    build:\n      context: .\n      args:\n        VERSION: 1.2.3\n    image: a:1\n");

        yield return new("DC014", "tracked .env with a password", App(), ".env:1")
        {
            Files = new Dictionary<string, string> { [".env"] = "DB_PASSWORD=hunter2\n" },
            GitRepository = true,
        };
        yield return new("DC014", "ignored .env", App())
        {
            Files = new Dictionary<string, string> { [".env"] = "DB_PASSWORD=hunter2\n", [".gitignore"] = ".env\n" },
            GitRepository = true,
        };

        yield return new("DC015", "user root", App().Replace("user: \"1000:1000\"", "user: root", StringComparison.Ordinal), "4");
        yield return new("DC015", "built without USER", "services:\n  app:\n    build: .\n", "3")
        {
            Files = new Dictionary<string, string> { ["Dockerfile"] = "FROM scratch\nCOPY app /app\n" },
        };
        yield return new("DC015", "built with USER from a build arg", "services:\n  app:\n    build:\n      context: .\n      args:\n        APP_USER: app\n")
        {
            Files = new Dictionary<string, string> { ["Dockerfile"] = "FROM alpine:3 AS base\nARG APP_USER=root\nUSER ${APP_USER}\nFROM base\n" },
        };

        yield return new("DC016", "seccomp unconfined", App().Replace("security_opt: [\"no-new-privileges:true\"]", "security_opt: [\"no-new-privileges:true\", \"seccomp:unconfined\"]", StringComparison.Ordinal), "7");
        yield return new("DC016", "custom profile", App());

        yield return new("DC017", "host disk", App("devices: [\"/dev/sda:/dev/sda\"]"), "16");
        yield return new("DC017", "a GPU", App("devices: [\"/dev/dri:/dev/dri\"]"));

        yield return new("DC018", "writable root", "services:\n  app:\n    image: a:1\n", "2");
        yield return new("DC018", "read only", App());

        yield return new("DC019", "tag only", App(), "3");
        yield return new("DC019", "digest", App().Replace("example/app:1.2.3", "example/app:1.2.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", StringComparison.Ordinal));

        yield return new("DC020", "no healthcheck", "services:\n  app:\n    image: a:1\n", "2");
        yield return new("DC020", "disabled", App("healthcheck: {disable: true}").Replace("    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 10s\n      timeout: 3s\n", string.Empty, StringComparison.Ordinal), "12");
        yield return new("DC020", "one-shot job others wait for", "services:\n  app:\n    image: a:1\n    healthcheck: {test: [CMD, \"true\"]}\n    depends_on:\n      migrate: {condition: service_completed_successfully}\n  migrate:\n    image: m:1\n    healthcheck: {test: [CMD, \"true\"]}\n");
        yield return new("DC020", "Dockerfile has a HEALTHCHECK", "services:\n  app:\n    build: .\n")
        {
            Files = new Dictionary<string, string> { ["Dockerfile"] = "FROM scratch\nHEALTHCHECK CMD [\"/probe\"]\n" },
        };

        yield return new("DC021", "started condition on a healthy service", App("depends_on: [db]", "  db:\n    image: db:1\n    healthcheck: {test: [CMD, \"true\"]}\n"), "16");
        yield return new("DC021", "healthy condition", App("depends_on: {db: {condition: service_healthy}}", "  db:\n    image: db:1\n    healthcheck: {test: [CMD, \"true\"]}\n"));

        yield return new("DC022", "no restart", "services:\n  app:\n    image: a:1\n", "2");
        yield return new("DC022", "deploy restart policy", "services:\n  app:\n    image: a:1\n    deploy: {restart_policy: {condition: on-failure}}\n");

        yield return new("DC023", "no memory limit", "services:\n  app:\n    image: a:1\n", "2");
        yield return new("DC023", "deploy memory limit", "services:\n  app:\n    image: a:1\n    deploy: {resources: {limits: {memory: 512M}}}\n");

        yield return new("DC024", "no cpu limit", "services:\n  app:\n    image: a:1\n", "2");
        yield return new("DC024", "deploy cpu limit", "services:\n  app:\n    image: a:1\n    deploy: {resources: {limits: {cpus: \"0.5\"}}}\n");

        yield return new("DC025", "no pids limit", "services:\n  app:\n    image: a:1\n", "2");
        yield return new("DC025", "pids limit", App());

        yield return new("DC026", "latest and untagged", "services:\n  a:\n    image: redis:latest\n  b:\n    image: postgres\n", "3", "5");
        yield return new("DC026", "versioned, digest, built", "services:\n  a:\n    image: redis:7.2\n  b:\n    image: postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n  c:\n    build: .\n    image: c:latest\n    pull_policy: build\n");

        yield return new("DC027", "build and latest image", "services:\n  app:\n    build: .\n    image: example/app\n", "4");
        yield return new("DC027", "build and versioned image", "services:\n  app:\n    build: .\n    image: example/app:0.1.0\n");

        yield return new("DC028", "postgres without volume keeps data in an anonymous volume", "services:\n  db:\n    image: postgres:16\n", "3") { Severity = Drydock.Findings.Severity.Info };
        yield return new("DC028", "elasticsearch declares no VOLUME: data in the container layer", "services:\n  es:\n    image: elasticsearch:8.13.0\n", "3") { Severity = Drydock.Findings.Severity.Warning };
        yield return new("DC028", "postgres with a volume", "services:\n  db:\n    image: postgres:16\n    volumes: [\"pg:/var/lib/postgresql/data\"]\nvolumes:\n  pg: {}\n");

        yield return new("DC029", "timeout longer than interval", App().Replace("timeout: 3s", "timeout: 30s", StringComparison.Ordinal), "12");
        yield return new("DC029", "sane timings", App());
        yield return new("DC029", "default timeout is not the file's", App().Replace("      timeout: 3s\n", "", StringComparison.Ordinal));
        yield return new("DC029", "timeout set longer than the default interval", App().Replace("      interval: 10s\n", "", StringComparison.Ordinal).Replace("timeout: 3s", "timeout: 45s", StringComparison.Ordinal), "12");

        yield return new("DC030", "same host port", App("ports: [\"127.0.0.1:8080:80\"]", "  other:\n    image: o:1\n    ports: [\"8080:8080\"]\n"), "19");
        yield return new("DC030", "different ports or addresses", App("ports: [\"127.0.0.1:8080:80\"]", "  other:\n    image: o:1\n    ports: [\"127.0.0.2:8080:8080\", \"127.0.0.1:8081:80\"]\n"));

        yield return new("DC031", "same container name", "services:\n  a:\n    image: a:1\n    container_name: app\n  b:\n    image: b:1\n    container_name: app\n", "7");
        yield return new("DC031", "different names", "services:\n  a:\n    image: a:1\n    container_name: app-a\n  b:\n    image: b:1\n    container_name: app-b\n");

        yield return new("DC032", "unset variable", App("environment:\n  LOG_LEVEL: ${LOG_LEVEL}"), "17");
        yield return new("DC032", "default, required and set", App("environment:\n  A: ${A:-x}\n  B: ${B:?needed}\n  C: $C")) { Environment = new Dictionary<string, string> { ["B"] = "b", ["C"] = "c" } };

        yield return new("DC033", "missing env_file", App("env_file: [missing.env]"), "16");
        yield return new("DC033", "present env_file", App("env_file: [app.env]")) { Files = new Dictionary<string, string> { ["app.env"] = "A=1\n" } };

        yield return new("DC034", "undocumented variable", App("environment:\n  A: ${DOCUMENTED:-x}\n  B: ${UNDOCUMENTED:-y}"), "18")
        {
            Files = new Dictionary<string, string> { [".env.example"] = "DOCUMENTED=\n" },
        };
        yield return new("DC034", "bare key documents it", App("environment:\n  A: ${DOCUMENTED:-x}")) { Files = new Dictionary<string, string> { [".env.example"] = "# what to set\nDOCUMENTED\n" } };

        yield return new("DC035", "missing host path", App("volumes: [\"./config:/etc/app:ro\"]"), "16");
        yield return new("DC035", "missing absolute host path is the host's business", App("volumes: [\"/lib/modules/drydock-test-missing:/lib/modules:ro\"]"), "16") { Severity = Drydock.Findings.Severity.Info };
        yield return new("DC035", "missing relative path is a warning", App("volumes: [\"./config:/etc/app:ro\"]"), "16") { Severity = Drydock.Findings.Severity.Warning };
        yield return new("DC035", "existing host path", App("volumes: [\"./config:/etc/app:ro\"]")) { Files = new Dictionary<string, string> { ["config/app.conf"] = "x\n" } };

        yield return new("DC036", "version key", "version: \"3.8\"\n" + App(), "1");
        yield return new("DC036", "no version", App());

        yield return new("DC037", "&& in a string command", App("command: migrate && serve"), "16");
        yield return new("DC037", "sh -c", App("command: [\"sh\", \"-c\", \"migrate && serve\"]"));

        yield return new("DC038", "healthy condition, no healthcheck", App("depends_on: {db: {condition: service_healthy}}", "  db:\n    build: .\n"), "16")
        {
            Files = new Dictionary<string, string> { ["Dockerfile"] = "FROM scratch\n" },
        };
        yield return new("DC038", "dependency with healthcheck", App("depends_on: {db: {condition: service_healthy}}", "  db:\n    image: db:1\n    healthcheck: {test: [CMD, \"true\"]}\n"));

        yield return new("DC039", "invalid name", App("container_name: \"my app!\""), "16");
        yield return new("DC039", "valid name", App("container_name: my-app_1.0"));

        yield return new("DC047", "context directory missing", "services:\n  app:\n    build: ./api\n", "3");
        yield return new("DC047", "Dockerfile missing", "services:\n  app:\n    build:\n      context: .\n      dockerfile: Dockerfile.prod\n", "5")
        {
            Files = new Dictionary<string, string> { ["Dockerfile"] = "FROM scratch\n" },
        };
        yield return new("DC047", "target not a stage", "services:\n  app:\n    build:\n      context: .\n      target: runtime\n", "5")
        {
            Files = new Dictionary<string, string> { ["Dockerfile"] = "FROM alpine:3 AS build\nFROM scratch AS final\n" },
        };
        yield return new("DC047", "inline Dockerfile without the target", "services:\n  app:\n    build:\n      dockerfile_inline: \"FROM scratch\\n\"\n      target: final\n", "5");
        yield return new("DC047", "target of an inline Dockerfile", "services:\n  app:\n    build:\n      dockerfile_inline: \"FROM scratch AS final\\n\"\n      target: final\n");
        yield return new("DC047", "context, Dockerfile and target exist", "services:\n  app:\n    build:\n      context: ./api\n      dockerfile: build/app.Dockerfile\n      target: RunTime\n")
        {
            Files = new Dictionary<string, string> { ["api/build/app.Dockerfile"] = "FROM alpine:3 AS build\nFROM scratch AS runtime\n" },
        };

        const string NewerKeys = "name: demo\nx-common: &c {}\nservices:\n  app:\n    image: a:1\n    develop:\n      watch: []\n    depends_on:\n      db:\n        condition: service_started\n        required: false\n        restart: true\n    env_file:\n      - path: ./a.env\n        required: false\n  db:\n    image: b:1\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n      start_interval: 1s\n";
        yield return new("DC049", "keys docker-compose 1.x refuses", NewerKeys, "1", "6", "11", "12", "14", "20") { Target = Drydock.Compose.Rules.ComposeTarget.V1 };
        yield return new("DC049", "the same keys for Compose v2", NewerKeys) { Target = Drydock.Compose.Rules.ComposeTarget.V2 };
        yield return new("DC049", "a file docker-compose 1.x reads", App(tail: "x-extra: 1\n")) { Target = Drydock.Compose.Rules.ComposeTarget.V1 };
        yield return new("DC049", "long depends_on without condition", "services:\n  app:\n    image: a:1\n    depends_on:\n      db: {}\n  db:\n    image: b:1\n", "5") { Target = Drydock.Compose.Rules.ComposeTarget.V1 };

        yield return new("DC040", "container_name before image", "services:\n  app:\n    container_name: x\n    image: a:1\n", "4");
        yield return new("DC040", "ordered", "services:\n  app:\n    image: a:1\n    container_name: x\n    restart: always\n");

        yield return new("DC041", "services before name", "services:\n  app:\n    image: a:1\nname: demo\n", "4");
        yield return new("DC041", "ordered", "x-a: 1\nname: demo\nservices:\n  app:\n    image: a:1\n");

        yield return new("DC042", "unsorted services", "services:\n  web:\n    image: w:1\n  api:\n    image: a:1\n", "4");
        yield return new("DC042", "sorted services", "services:\n  api:\n    image: a:1\n  web:\n    image: w:1\n");

        yield return new("DC043", "unquoted ports", "services:\n  app:\n    image: a:1\n    ports:\n      - 127.0.0.1:22:22\n    expose:\n      - 3000\n", "5", "7");
        yield return new("DC043", "quoted ports", "services:\n  app:\n    image: a:1\n    ports:\n      - \"127.0.0.1:22:22\"\n");

        yield return new("DC044", "quoted volume", "services:\n  app:\n    image: a:1\n    volumes:\n      - \"data:/data\"\nvolumes:\n  data: {}\n", "5");
        yield return new("DC044", "plain volume", "services:\n  app:\n    image: a:1\n    volumes:\n      - data:/data\nvolumes:\n  data: {}\n");

        yield return new("DC045", "unsorted dependencies", "services:\n  app:\n    image: a:1\n    depends_on: [web, api]\n  api:\n    image: x:1\n  web:\n    image: y:1\n", "4");
        yield return new("DC045", "sorted dependencies", "services:\n  app:\n    image: a:1\n    depends_on: [api, web]\n  api:\n    image: x:1\n  web:\n    image: y:1\n");

        yield return new("DC046", "no name", "services:\n  app:\n    image: a:1\n", "1");
        yield return new("DC046", "named", "name: demo\nservices:\n  app:\n    image: a:1\n");
    }
}
