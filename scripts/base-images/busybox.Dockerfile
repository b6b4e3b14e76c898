# A minimal userland: busybox-static and its applets, users root, redis (999), app (1000), nobody.
FROM scratch
COPY rootfs/ /
# COPY from a build context always gives root ownership: set the owners the users expect.
RUN ["/bin/busybox", "chown", "1000:1000", "/home/app"]
RUN ["/bin/busybox", "chown", "999:999", "/data"]
ENV PATH=/bin:/usr/bin
USER 0:0
CMD ["/bin/sh"]
