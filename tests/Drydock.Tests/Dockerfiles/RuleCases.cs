namespace Drydock.Tests.Dockerfiles;

/// <summary>One rule case: a Dockerfile on which the rule must fire (at <see cref="Line"/> when given) or stay silent.</summary>
public sealed record RuleCase(string Rule, bool Fires, string Dockerfile, int? Line = null, string? Contains = null)
{
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> TrustedRegistries { get; init; } = [];

    public string? Target { get; init; }

    public string Name => $"{Rule} {(Fires ? "fires" : "silent")}: {Dockerfile.Split('\n').FirstOrDefault(l => l.Length > 0 && !l.StartsWith("FROM", StringComparison.Ordinal))?.Trim() ?? Dockerfile.Trim()}";

    public override string ToString() => Name;
}

/// <summary>Positive and negative cases for every Dockerfile rule (hadolint style: each rule, its own cases).</summary>
public static class RuleCases
{
    private static RuleCase Fires(string rule, string dockerfile, int? line = null, string? contains = null) => new(rule, true, dockerfile, line, contains);

    private static RuleCase Silent(string rule, string dockerfile) => new(rule, false, dockerfile);

    public static IReadOnlyList<RuleCase> All { get; } =
    [
        // DF001 syntax errors: the file goes on being checked.
        Fires("DF001", "FROM alpine:3.20\nENV PATH\nRUN echo ok\n", 2, "ENV must have two arguments"),
        Fires("DF001", "FROM alpine:3.20\nCOPY onlyone\n", 2, "Destination could not be determined"),
        Fires("DF001", "FROM alpine:3.20\nCOPY --frm=build a /b\n", 2, "unknown flag: frm"),
        Fires("DF001", "FROM alpine:3.20 AS 1bad\n", 1, "invalid name for build stage"),
        Fires("DF001", "FROM alpine:3.20\nRUN <<EOF\necho never closed\n", 2, "unterminated heredoc"),
        Fires("DF001", "FROM alpine:3.20\nSHELL /bin/bash -c\n", 2, "JSON form"),
        Silent("DF001", "FROM alpine:3.20\nENV PATH=/usr/bin\nRUN <<EOF\necho hi\nEOF\n"),

        Fires("DF002", "FROM alpine:3.20\nRUNN echo hi\n", 2, "did you mean RUN?"),
        Fires("DF002", "FROM alpine:3.20\nRUN apt-get update\n    && apt-get install -y curl\n", 3, "&&"),
        Silent("DF002", "FROM alpine:3.20\nrun echo hi\nONBUILD RUN echo later\n"),

        Fires("DF003", "FROM alpine:3.20\nRUN echo a \\\n\n    && echo b\n", 3),
        Silent("DF003", "FROM alpine:3.20\nRUN echo a \\\n    # a comment inside is fine\n    && echo b\n"),

        Fires("DF004", "LABEL a=b\nFROM alpine:3.20\n", 1),
        Fires("DF004", "ARG ONLY=1\n", 1, "no FROM"),
        Silent("DF004", "# comment\nARG V=3.20\nFROM alpine:${V}\n"),

        Fires("DF005", "FROM alpine:3.20\n# syntax=docker/dockerfile:1\nRUN echo\n", 2),
        Fires("DF005", "# a comment first\n# escape=`\nFROM alpine:3.20\n", 2),
        Silent("DF005", "# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine:3.20\n"),

        Fires("DF006", "FROM alpine:3.20\nRUN echo a\nrun echo b\nCOPY a /a\n", 3, "upper"),
        Silent("DF006", "from alpine:3.20\nrun echo a\ncopy a /a\n"),

        Fires("DF007", "FROM alpine:3.20 as build\n", 1),
        Silent("DF007", "FROM alpine:3.20 AS build\nfrom build as final\n"),

        Fires("DF008", "FROM alpine:3.20\nCMD ['echo', 'hi']\n", 2),
        Fires("DF008", "FROM alpine:3.20\nENTRYPOINT [\"echo\", \"unterminated]\n", 2),
        Silent("DF008", "FROM alpine:3.20\nCMD [\"echo\", \"hi\"]\nRUN [ -f /etc/os-release ] && echo yes\n"),

        Fires("DF009", "FROM alpine:3.20\nENV NAME=x\nCMD [\"echo\", \"hello $NAME\"]\n", 3, "$NAME"),
        Silent("DF009", "FROM alpine:3.20\nCMD [\"sh\", \"-c\", \"echo $HOME\"]\nENTRYPOINT [\"/app\", \"--price=5$\"]\n"),

        Fires("DF010", "FROM alpine:3.20\nENV MY_VAR my value\n", 2, "MY_VAR"),
        Silent("DF010", "FROM alpine:3.20\nENV MY_VAR=\"my value\"\nLABEL a=b\n"),

        Fires("DF011", "FROM alpine:3.20 AS Build\n", 1, "Build"),
        Silent("DF011", "FROM alpine:3.20 AS build\n"),

        Fires("DF012", "FROM alpine:3.20 AS x\nFROM alpine:3.20 AS X\n", 2, "line 1"),
        Silent("DF012", "FROM alpine:3.20 AS x\nFROM alpine:3.20 AS y\n"),

        Fires("DF013", "FROM alpine:3.20 AS scratch\n", 1),
        Silent("DF013", "FROM scratch AS base\n"),

        Fires("DF014", "FROM alpine\n", 1, "'alpine'"),
        Fires("DF014", "ARG IMAGE=ubuntu\nFROM ${IMAGE}\n", 2, "'ubuntu'"),
        Silent("DF014", "FROM alpine:3.20 AS base\nFROM base\nFROM scratch\nFROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"),
        // An ARG without a default is only known at build time: not judged (hadolint's false positive).
        Silent("DF014", "ARG IMAGE\nFROM ${IMAGE}\n"),

        Fires("DF015", "FROM alpine:latest\n", 1),
        Fires("DF015", "ARG TAG=latest\nFROM node:${TAG}\n", 2, "node:latest"),
        Fires("DF015", "FROM alpine:3.20\nCOPY --from=nginx:latest /etc/nginx /etc/nginx\n", 2),
        Silent("DF015", "ARG TAG=latest\nFROM node:${TAG}\n") with { BuildArgs = new Dictionary<string, string> { ["TAG"] = "22-alpine" } },

        Fires("DF016", "FROM alpine:3.20\n", 1),
        Silent("DF016", "FROM alpine:3.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"),

        Fires("DF017", "FROM ghcr.io/acme/app:1.0\n", 1, "ghcr.io") with { TrustedRegistries = ["registry.example.com"] },
        Fires("DF017", "FROM python:3.12\n", 1, "docker.io") with { TrustedRegistries = ["*.example.com"] },
        Silent("DF017", "FROM registry.example.com/app:1\nFROM mirror.corp.example.com/python:3.12\n") with { TrustedRegistries = ["registry.example.com", "*.corp.example.com"] },
        Silent("DF017", "FROM ghcr.io/acme/app:1.0\n"),

        Fires("DF018", "ARG VERSION=3.20\nFROM alpine:${VERISON}\n", 2, "did you mean VERSION?"),
        Silent("DF018", "ARG VERSION=3.20\nFROM --platform=$BUILDPLATFORM alpine:${VERSION}\n"),

        Fires("DF019", "ARG BASE\nFROM ${BASE}\n", 2),
        Fires("DF019", "ARG TAG\nFROM alpine:${TAG}\n", 2, "alpine:"),
        Silent("DF019", "ARG BASE=alpine:3.20\nFROM ${BASE}\n"),

        Fires("DF020", "FROM --platform=linux/amd64 alpine:3.20\n", 1, "linux/amd64"),
        Silent("DF020", "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM --platform=linux/arm64 alpine:3.20 AS runtime-arm64\n"),

        Fires("DF021", "FROM --platform=$TARGETPLATFORM alpine:3.20\n", 1),
        Silent("DF021", "FROM --platform=$BUILDPLATFORM alpine:3.20\n"),

        Fires("DF022", "FROM alpine:3.20 AS unused\nFROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=build /a /a\n", 1, "'unused'"),
        Silent("DF022", "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS tools\nRUN --mount=from=tools,target=/t true\nFROM build\nCOPY --from=1 /a /a\n"),

        Fires("DF023", "FROM alpine:3.20 AS builder\nFROM alpine:3.20\nCOPY --from=buidler /out /out\n", 3, "did you mean 'builder'"),
        Fires("DF023", "FROM alpine:3.20\nCOPY --from=later /out /out\nFROM alpine:3.20 AS later\n", 2, "defined later"),
        Fires("DF023", "FROM alpine:3.20\nFROM alpine:3.20\nCOPY --from=5 /out /out\n", 3, "index 5"),
        Silent("DF023", "FROM alpine:3.20 AS builder\nFROM alpine:3.20\nCOPY --from=builder /a /a\nCOPY --from=0 /b /b\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n"),

        Fires("DF024", "FROM alpine:3.20 AS build\nCOPY --from=build /a /b\n", 2),
        Fires("DF024", "FROM alpine:3.20\nFROM alpine:3.20\nCOPY --from=1 /a /b\n", 3),
        Silent("DF024", "FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=build /a /b\n"),

        Fires("DF025", "FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=build / /\n", 3),
        Silent("DF025", "FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=build /app/out /app\nCOPY / /\n"),

        Fires("DF026", "FROM alpine:3.20\nCOPY a b /app\n", 2, "'/app'"),
        Silent("DF026", "FROM alpine:3.20\nWORKDIR /app\nCOPY a b /app/\nCOPY c d ./\nCOPY e f .\nCOPY g /app/g\n"),

        Fires("DF027", "FROM alpine:3.20\nCOPY app.py app/\n", 2),
        Silent("DF027", "FROM alpine:3.20\nCOPY app.py /app/\nWORKDIR /srv\nCOPY app.py app/\n"),
        Silent("DF027", "FROM alpine:3.20 AS base\nWORKDIR /srv\nFROM base\nCOPY app.py app/\n"),

        Fires("DF028", "FROM alpine:3.20\nWORKDIR app\n", 2),
        Silent("DF028", "FROM alpine:3.20\nWORKDIR /app\nWORKDIR sub\nARG D=/opt\nWORKDIR $D\n"),

        Fires("DF029", "FROM alpine:3.20\nWORKDIR /proc/self\n", 2, "/proc"),
        Silent("DF029", "FROM alpine:3.20\nWORKDIR /procedures\n"),

        Fires("DF030", "FROM alpine:3.20\nADD src /app/src\n", 2),
        Silent("DF030", "FROM alpine:3.20\nADD rootfs.tar.gz /\nADD --checksum=sha256:0123 https://example.com/a.bin /a\nADD <<EOF /x\nhi\nEOF\n"),

        Fires("DF031", "FROM alpine:3.20\nADD https://example.com/tool.bin /usr/local/bin/tool\n", 2),
        Silent("DF031", "FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.bin /usr/local/bin/tool\nADD https://github.com/moby/buildkit.git#v0.14.0 /src\n"),

        Fires("DF032", "FROM alpine:3.20\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n", 2),
        Silent("DF032", "FROM alpine:3.20\nCOPY app.tar.gz /srv/\nRUN ls /srv\n"),

        Fires("DF033", "FROM alpine:3.20\nUSER root\n", 2),
        Fires("DF033", "FROM alpine:3.20 AS base\nUSER 0:0\nFROM base\n", 2),
        Silent("DF033", "FROM alpine:3.20 AS build\nUSER root\nFROM alpine:3.20\nUSER 10001\n"),
        Silent("DF033", "ARG RUNAS\nFROM alpine:3.20\nUSER ${RUNAS}\n"),

        Fires("DF034", "FROM alpine:3.20\nRUN echo hi\n", 1),
        Fires("DF034", "FROM alpine:3.20 AS build\nUSER 1000\nFROM alpine:3.20\n", 3),
        Silent("DF034", "FROM alpine:3.20 AS base\nUSER 1000\nFROM base\nFROM gcr.io/distroless/static:nonroot AS other\n") with { Target = "base" },
        Silent("DF034", "FROM gcr.io/distroless/static-debian12:nonroot\n"),
        Silent("DF034", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\n"),
        Silent("DF034", "FROM python:3.12-windowsservercore-ltsc2022\nCMD [\"python\"]\n"),
        Silent("DF034", "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCMD [\"cmd\"]\n"),

        Fires("DF035", "FROM alpine:3.20\nUSER app\n", 2),
        Silent("DF035", "FROM alpine:3.20\nUSER 10001:10001\n"),

        Fires("DF036", "FROM alpine:3.20\nARG NPM_TOKEN\n", 2, "NPM_TOKEN"),
        Fires("DF036", "FROM alpine:3.20\nENV DB_PASSWORD=changeme\n", 2, "DB_PASSWORD"),
        Silent("DF036", "FROM alpine:3.20\nARG PUBLIC_KEY_FILE\nENV KEYBOARD=us TOKENIZER_VERSION=2 AUTHOR=me\n"),
        Silent("DF036", "FROM debian:12\nENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305\n"),
        Silent("DF036", "FROM debian:12\nENV PYTHON_GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D NODE_KEY_SHA256=ab12 KEY_VERSION=3 SIGNING_KEY_ID=ABCDEF12\n"),
        Fires("DF036", "FROM debian:12\nENV GPG_PASSWORD=hunter2\n", 2, "GPG_PASSWORD"),

        Fires("DF037", "FROM alpine:3.20\nENV AWS_ID=AKIAIOSFODNN7EXAMPLE\n", 2, "AWS access key"),
        Fires("DF037", "FROM alpine:3.20\nENV REPO_ACCESS=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz\n", 2, "GitHub token"),
        Fires("DF037", "FROM alpine:3.20\nRUN git clone https://user:s3cretpass@github.com/acme/app.git\n", 2, "URL with a password"),
        Silent("DF037", "FROM alpine:3.20\nENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app\nRUN curl https://example.com/\n"),

        Fires("DF038", "FROM alpine:3.20\nCOPY .env /app/.env\n", 2, "environment file"),
        Fires("DF038", "FROM alpine:3.20\nCOPY certs/server.key /etc/ssl/\n", 2, "private key"),
        Silent("DF038", "FROM alpine:3.20\nCOPY .env.example /app/\nCOPY certs/ca.pem /etc/ssl/\nCOPY id_rsa.pub /root/.ssh/\n"),

        Fires("DF039", "FROM alpine:3.20\nRUN chmod -R 777 /app\n", 2, "777"),
        Fires("DF039", "FROM alpine:3.20\nCOPY --chmod=666 config /etc/config\n", 2),
        Silent("DF039", "FROM alpine:3.20\nRUN chmod 1777 /shared && chmod 755 /app && chmod +x /app/run && chmod u+w /app\n"),

        Fires("DF040", "FROM alpine:3.20\nCMD node server.js\n", 2, "CMD"),
        Silent("DF040", "FROM alpine:3.20\nCMD [\"node\", \"server.js\"]\nFROM alpine:3.20\nSHELL [\"/bin/bash\", \"-c\"]\nCMD node server.js\n"),

        Fires("DF041", "FROM alpine:3.20\nCMD [\"a\"]\nCMD [\"b\"]\n", 2),
        Silent("DF041", "FROM alpine:3.20 AS a\nCMD [\"a\"]\nFROM alpine:3.20\nCMD [\"b\"]\n"),

        Fires("DF042", "FROM alpine:3.20\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n", 2),
        Silent("DF042", "FROM alpine:3.20\nENTRYPOINT [\"a\"]\nCMD [\"b\"]\n"),

        Fires("DF043", "FROM alpine:3.20\nHEALTHCHECK CMD [\"a\"]\nHEALTHCHECK CMD [\"b\"]\n", 2),
        Silent("DF043", "FROM alpine:3.20\nHEALTHCHECK CMD [\"a\"]\n"),

        Fires("DF044", "FROM alpine:3.20\nCMD [\"app\"]\n", 1),
        Silent("DF044", "FROM alpine:3.20 AS base\nHEALTHCHECK NONE\nFROM base\n"),

        Fires("DF045", "FROM alpine:3.20\nHEALTHCHECK --interval=5 CMD [\"true\"]\n", 2, "not a duration"),
        Fires("DF045", "FROM alpine:3.20\nHEALTHCHECK --retries=-1 CMD [\"true\"]\n", 2, "negative"),
        Fires("DF045", "FROM alpine:3.20\nHEALTHCHECK CONNECT TCP 7000\n", 2, "Unknown type"),
        Silent("DF045", "FROM alpine:3.20\nHEALTHCHECK --interval=1m30s --timeout=500ms --start-period=0s --retries=3 CMD wget -q -O- http://127.0.0.1/\nHEALTHCHECK NONE\n"),

        Fires("DF046", "FROM alpine:3.20\nEXPOSE 70000\n", 2),
        Fires("DF046", "FROM alpine:3.20\nEXPOSE 80/http\n", 2, "http"),
        Silent("DF046", "FROM alpine:3.20\nARG PORT=8080\nEXPOSE 80 443/tcp 53/udp 8000-8010 ${PORT}\n"),

        Fires("DF047", "FROM alpine:3.20\nEXPOSE 8080:80\n", 2),
        Silent("DF047", "FROM alpine:3.20\nEXPOSE 8080\n"),

        Fires("DF048", "FROM alpine:3.20\nEXPOSE 53/UDP\n", 2),
        Silent("DF048", "FROM alpine:3.20\nEXPOSE 53/udp\n"),

        Fires("DF049", "FROM alpine:3.20\nEXPOSE 22\n", 2),
        Silent("DF049", "FROM alpine:3.20\nEXPOSE 2222 222\n"),

        Fires("DF050", "FROM alpine:3.20\nMAINTAINER me@example.com\n", 2),
        Silent("DF050", "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"me@example.com\"\n"),

        Fires("DF051", "FROM alpine:3.20\nENV A=1 B=${A}/x\n", 2, "$A"),
        Silent("DF051", "FROM alpine:3.20\nENV A=1\nENV B=${A}/x PATH=/opt/bin:$PATH\n"),

        Fires("DF052", "FROM alpine:3.20\nARG VERSION=1\nENV APP_VERSION=${VERISON}\n", 3, "did you mean VERSION?"),
        Fires("DF052", "FROM alpine:3.20\nCOPY bin/app-${TARGETARCH} /app\n", 2, "ARG TARGETARCH"),
        Fires("DF052", "FROM scratch\nENV PATH=/bin:$PATH\n", 2, "scratch"),
        Silent("DF052", "FROM alpine:3.20\nARG TARGETARCH\nCOPY bin/app-${TARGETARCH} /app\nENV PATH=/app/bin:$PATH HOME=/root\nENV JAVA_OPTS=${JAVA_OPTS:-}\n"),

        Fires("DF053", "FROM alpine:3.20\nONBUILD FROM alpine:3.20\n", 2),
        Silent("DF053", "FROM alpine:3.20\nONBUILD RUN echo later\n"),

        Fires("DF054", "FROM alpine:3.20\nRUN wget -O - https://example.com/a.tgz | tar xz\n", 2, "'wget' into 'tar'"),
        Silent("DF054", "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com/a.tgz | tar xz\n"),
        Silent("DF054", "FROM debian:12\nRUN set -o pipefail && curl -fsSL https://example.com/a.tgz | tar xz\nRUN [ -f /x ] || echo none\n"),
        Silent("DF054", "FROM alpine:3.20\nRUN echo \"$SHA  python.tar.xz\" | sha256sum -c -\n"),
        Silent("DF054", "FROM alpine:3.20\nRUN printf '%s\\n' a b | sort && cat <<EOF | tee /etc/motd\nhello\nEOF\n"),
        Fires("DF054", "FROM alpine:3.20\nRUN echo start && curl -fsSL https://example.com/install.sh | sh\n", 2, "'curl' into 'sh'"),
        Fires("DF054", "FROM alpine:3.20\nRUN cat /etc/app.conf | grep port\n", 2, "'cat' into 'grep'"),

        Fires("DF055", "FROM alpine:3.20\nRUN cd /src && make\n", 2, "/src"),
        Silent("DF055", "FROM alpine:3.20\nRUN (cd /src && make) && echo done\n"),

        Fires("DF056", "FROM alpine:3.20\nRUN sudo apk add --no-cache curl\n", 2),
        Silent("DF056", "FROM alpine:3.20\nUSER root\nRUN echo sudo is just a word here\n"),

        Fires("DF057", "FROM alpine:3.20\nRUN wget https://a/b\nRUN curl -O https://a/c\n", 3),
        Silent("DF057", "FROM alpine:3.20 AS a\nRUN wget https://a/b\nFROM alpine:3.20\nRUN curl -O https://a/c\n"),

        Fires("DF058", "FROM alpine:3.20\nRUN service nginx start\n", 2, "service"),
        Silent("DF058", "FROM alpine:3.20\nRUN echo ps top\n"),

        Fires("DF059", "FROM debian:12\nRUN apt install -y curl\n", 2),
        Silent("DF059", "FROM debian:12\nRUN apt-get install -y curl && apt-cache policy curl\n"),

        Fires("DF060", "FROM debian:12\nRUN apt-get update && apt-get install curl\n", 2, "-y"),
        Fires("DF060", "FROM fedora:40\nRUN dnf install curl\n", 2),
        Fires("DF060", "FROM opensuse/leap:15.6\nRUN zypper install curl\n", 2, "-n"),
        Silent("DF060", "FROM debian:12\nRUN apt-get update && apt-get -qq install curl && apt-get install --yes git && apt-get -y remove vim\nRUN yum install -y x && zypper -n install y\n"),

        Fires("DF061", "FROM debian:12\nRUN apt-get install -y curl\n", 2),
        Silent("DF061", "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n"),

        Fires("DF062", "FROM debian:12\nRUN apt-get install -y curl git=1:2.39.2-1.1\n", 2, "'curl'"),
        Fires("DF062", "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build gcc\n", 2, "'gcc'"),
        Silent("DF062", "FROM debian:12\nARG CURL_VERSION=8.5.0-2\nRUN apt-get install -y curl=${CURL_VERSION} ./local.deb\nRUN apk add --no-cache --virtual .deps gcc=13.2.1-r0\n"),
        // The version comes from a build argument that is only known at build time: not judged.
        Silent("DF062", "FROM debian:12\nARG CURL_VERSION\nRUN apt-get install -y curl=${CURL_VERSION}\nRUN apt-get install -y ${PACKAGES}\n"),

        Fires("DF063", "FROM python:3.12\nRUN pip install --no-cache-dir requests\n", 2, "'requests'"),
        Fires("DF063", "FROM node:22\nRUN npm install -g typescript@latest\n", 2),
        Fires("DF063", "FROM golang:1.22\nRUN go install golang.org/x/tools/gopls\n", 2),
        Silent("DF063", "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt requests==2.32.3 .\nRUN pip install -U pip setuptools wheel\nRUN npm install\nRUN go install golang.org/x/tools/gopls@v0.16.1\nRUN gem install rails -v 7.1.3\n"),

        Fires("DF064", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n", 2),
        Silent("DF064", "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y git\n"),
        // A builder stage's leftovers never reach the image.
        Silent("DF064", "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12\nCOPY --from=build /out /out\n"),

        Fires("DF065", "FROM alpine:3.20\nRUN apk add curl=8.9.0-r0\n", 2),
        Silent("DF065", "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN apk update && apk add git && rm -rf /var/cache/apk/*\n"),

        Fires("DF066", "FROM rockylinux:9\nRUN yum install -y httpd\n", 2, "yum clean all"),
        Fires("DF066", "FROM opensuse/leap:15.6\nRUN zypper -n install nginx\n", 2, "zypper clean"),
        Silent("DF066", "FROM rockylinux:9\nRUN yum install -y httpd && yum clean all\nRUN dnf install -y git && rm -rf /var/cache/dnf\n"),

        Fires("DF067", "FROM python:3.12\nRUN pip install -r requirements.txt\n", 2),
        Silent("DF067", "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\nENV PIP_NO_CACHE_DIR=1\nRUN python -m pip install flask==3.0.3\n"),

        Fires("DF068", "FROM debian:12\nRUN apt-get update && apt-get dist-upgrade -y\n", 2),
        Silent("DF068", "FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n"),

        Fires("DF069", "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n", 2),
        Silent("DF069", "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"),

        Fires("DF070", "FROM debian:12\nRUN apt-get install -y curl\n", 2),
        Silent("DF070", "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y ./local.deb\n"),

        Fires("DF071", "FROM node:22\nRUN yarn install --frozen-lockfile\n", 2),
        Silent("DF071", "FROM node:22\nRUN yarn install --frozen-lockfile && yarn cache clean\n"),

        Fires("DF072", "FROM node:22\nRUN npm install\n", 2),
        Silent("DF072", "FROM node:22\nRUN npm ci && npm install -g npm@10.8.2\n"),

        Fires("DF073", "FROM debian:12\nRUN useradd -u 123456789 app\n", 2, "123456789"),
        Silent("DF073", "FROM debian:12\nRUN useradd -l -u 123456789 app && useradd -u 1000 other\n"),

        Fires("DF074", "FROM debian:12\nRUN wget https://example.com/big.iso\n", 2),
        Silent("DF074", "FROM debian:12\nRUN wget -q https://example.com/a && wget --progress=dot:giga https://example.com/b\n"),

        Fires("DF075", "FROM debian:12\nRUN curl -fsSL https://get.example.com | sh\n", 2, "'sh'"),
        Fires("DF075", "FROM debian:12\nRUN wget -qO- https://x/install | sudo bash -s -- --yes\n", 2, "'bash'"),
        Silent("DF075", "FROM debian:12\nRUN curl -fsSLo /tmp/i.sh https://get.example.com && sha256sum -c sums && sh /tmp/i.sh\n"),

        Fires("DF076", "FROM alpine:3.20\nRUN echo a\nRUN echo b\n", 3, "line 2"),
        Silent("DF076", "FROM alpine:3.20\nRUN echo a\nCOPY x /x\nRUN echo b\nRUN --mount=type=cache,target=/c echo c\n"),

        Fires("DF077", "FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n", 2),
        Silent("DF077", "FROM debian:12\nRUN ln -s /usr/bin/python3 /usr/bin/python\n"),

        Fires("DF078", "FROM alpine:3.20\nRUN echo \"unterminated\n", 2, "unterminated double quote"),
        Silent("DF078", "FROM alpine:3.20\nRUN echo \"a 'b' c\" && (cd /x && ls) && echo $(date)\n"),

        Fires("DF080", "FROM alpine:3.20\nLABEL Version=1\n", 2),
        Fires("DF080", "FROM alpine:3.20\nLABEL com.docker.thing=1\n", 2, "reserved"),
        Silent("DF080", "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://example.com\" version=1\n"),
    ];
}
