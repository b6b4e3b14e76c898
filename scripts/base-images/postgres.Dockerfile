# Debian's PostgreSQL 15 on the busybox base. Runs as postgres (70); data in /var/lib/postgresql/data, initialized on
# the first start by postgres-entrypoint (POSTGRES_USER, POSTGRES_PASSWORD_FILE or POSTGRES_PASSWORD, POSTGRES_DB).
FROM drydock-base/busybox:1.35
COPY rootfs/ /
RUN ["/bin/sh", "-c", "echo 'postgres:x:70:70:postgres:/var/lib/postgresql:/bin/sh' >> /etc/passwd && echo 'postgres:x:70:' >> /etc/group && mkdir -p /var/lib/postgresql/data /var/run/postgresql && chown -R 70:70 /var/lib/postgresql /var/run/postgresql && chmod 0700 /var/lib/postgresql/data"]
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/bin:/usr/bin \
    PGDATA=/var/lib/postgresql/data \
    TZ=UTC
USER 70:70
EXPOSE 5432
STOPSIGNAL SIGINT
HEALTHCHECK --interval=5s --timeout=3s --retries=5 CMD ["pg_isready", "-h", "127.0.0.1"]
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint"]
