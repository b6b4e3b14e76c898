# Debian's prometheus and promtool on the busybox base. Runs as nobody; the database in /prometheus.
FROM drydock-base/busybox:1.35
COPY rootfs/ /
RUN ["/bin/busybox", "chown", "65534:65534", "/prometheus"]
USER 65534:65534
WORKDIR /prometheus
EXPOSE 9090
HEALTHCHECK --interval=5s --timeout=3s --retries=5 CMD ["/bin/drydock-probe", "http://127.0.0.1:9090/-/ready"]
ENTRYPOINT ["/usr/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
