# Debian's nginx on the busybox base, as a non-root user (app, 1000). Sites in /etc/nginx/conf.d/*.conf.
FROM drydock-base/busybox:1.35
COPY rootfs/ /
RUN ["/bin/sh", "-c", "mkdir -p /etc/nginx/conf.d && printf 'server {\\n    listen 8080;\\n    root /usr/share/nginx/html;\\n}\\n' > /etc/nginx/conf.d/default.conf"]
USER 1000:1000
EXPOSE 8080
STOPSIGNAL SIGQUIT
ENTRYPOINT ["/usr/sbin/nginx", "-e", "stderr", "-g", "daemon off;"]
