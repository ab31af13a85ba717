# The --compose guest's Prometheus image (no registry there): Debian's prometheus binary,
# which links only libc, on the imported base; run as nobody, data in /prometheus.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY prometheus /bin/prometheus
RUN mkdir -p /prometheus /etc/prometheus && chown 65534:65534 /prometheus
USER 65534:65534
WORKDIR /prometheus
ENTRYPOINT ["/bin/prometheus"]
