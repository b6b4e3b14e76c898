/*
 * drydock-probe: a tiny, static health-check client for locally assembled images.
 * busybox-static's wget can crash in a bare image and busybox nc closes before the reply arrives, so health
 * checks use this instead. Numeric IPv4 addresses only (no name lookups, so no NSS in a static binary).
 *
 *   drydock-probe http://127.0.0.1:8080/health [TIMEOUT_SECONDS]   exit 0 on a 2xx/3xx status
 *   drydock-probe tcp://127.0.0.1:6379 [TIMEOUT_SECONDS]           exit 0 when the port accepts
 *
 * Prints the status line (or the error) on one line; exit 1 on failure, 2 on usage errors.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int usage(void) {
    fprintf(stderr, "usage: drydock-probe http://IPV4:PORT/PATH | tcp://IPV4:PORT [TIMEOUT_SECONDS]\n");
    return 2;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) return usage();
    const char *url = argv[1];
    int timeout = argc == 3 ? atoi(argv[2]) : 3;
    if (timeout <= 0) timeout = 3;

    int http;
    const char *rest;
    if (strncmp(url, "http://", 7) == 0) { http = 1; rest = url + 7; }
    else if (strncmp(url, "tcp://", 6) == 0) { http = 0; rest = url + 6; }
    else return usage();

    char host[64] = {0};
    const char *colon = strchr(rest, ':');
    if (!colon || (size_t)(colon - rest) >= sizeof host) return usage();
    memcpy(host, rest, (size_t)(colon - rest));
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (port <= 0 || port > 65535) return usage();
    const char *path = (*end == '/') ? end : "/";

    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) {
        fprintf(stderr, "drydock-probe: '%s' is not a numeric IPv4 address\n", host);
        return 2;
    }

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) { perror("drydock-probe: socket"); return 1; }
    struct timeval tv = { .tv_sec = timeout, .tv_usec = 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        printf("connect %s:%ld: %s\n", host, port, strerror(errno));
        return 1;
    }
    if (!http) {
        printf("tcp %s:%ld open\n", host, port);
        close(fd);
        return 0;
    }

    char request[1024];
    int length = snprintf(request, sizeof request,
                          "GET %s HTTP/1.0\r\nHost: %s:%ld\r\nUser-Agent: drydock-probe\r\nConnection: close\r\n\r\n",
                          path, host, port);
    if (length <= 0 || (size_t)length >= sizeof request || write(fd, request, (size_t)length) != length) {
        printf("write failed: %s\n", strerror(errno));
        return 1;
    }

    char reply[512];
    size_t used = 0;
    while (used < sizeof reply - 1) {
        ssize_t got = read(fd, reply + used, sizeof reply - 1 - used);
        if (got <= 0) break;
        used += (size_t)got;
        if (memchr(reply, '\n', used)) break;
    }
    close(fd);
    reply[used] = '\0';
    char *newline = strpbrk(reply, "\r\n");
    if (newline) *newline = '\0';
    if (used == 0) { printf("no reply from %s:%ld\n", host, port); return 1; }

    int status = 0;
    if (sscanf(reply, "HTTP/%*d.%*d %d", &status) != 1) { printf("not HTTP: %s\n", reply); return 1; }
    printf("%s\n", reply);
    return (status >= 200 && status < 400) ? 0 : 1;
}
