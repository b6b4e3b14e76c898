# Debian's prometheus-alertmanager and amtool on the busybox base. Runs as nobody; its state in /alertmanager.
# Clustering is off (a single instance has no peers to gossip with).
FROM drydock-base/busybox:1.35
COPY rootfs/ /
RUN ["/bin/busybox", "chown", "65534:65534", "/alertmanager"]
USER 65534:65534
WORKDIR /alertmanager
EXPOSE 9093
HEALTHCHECK --interval=5s --timeout=3s --retries=5 CMD ["/bin/drydock-probe", "http://127.0.0.1:9093/-/ready"]
ENTRYPOINT ["/usr/bin/prometheus-alertmanager"]
CMD ["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager", "--cluster.listen-address="]
