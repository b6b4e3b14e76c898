# Debian's redis-server and redis-cli with their libraries, on the busybox base. Runs as redis (999); data in /data.
FROM drydock-base/busybox:1.35
COPY rootfs/ /
WORKDIR /data
USER 999:999
EXPOSE 6379
HEALTHCHECK --interval=5s --timeout=3s --retries=5 CMD ["/usr/bin/redis-cli", "ping"]
ENTRYPOINT ["/usr/bin/redis-server"]
CMD ["--bind", "0.0.0.0", "--protected-mode", "no", "--dir", "/data"]
