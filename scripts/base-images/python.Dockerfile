# Debian's Python 3.11 interpreter and standard library with their libraries, on the busybox base. Runs as app (1000).
# Packages go to /usr/local/lib/python3.11/site-packages, as in the official python images.
FROM drydock-base/busybox:1.35
COPY rootfs/ /
# No .pyc written next to sources at run time (root filesystems are read-only); logs unbuffered.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    LANG=C.UTF-8
USER 1000:1000
WORKDIR /home/app
CMD ["python3.11"]
