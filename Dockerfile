# syntax=docker/dockerfile:1
#
# One image for every Marquee role: `marquee <subcommand>` is the entrypoint, the role is the
# command (docker-compose.yml and deploy/ pass it). Build it with the code version stamped in,
# so every model trained by a container names the commit it was trained with:
#
#   docker build -t marquee:latest \
#     --build-arg MARQUEE_CODE_VERSION="$(git rev-parse HEAD)$(git diff --quiet HEAD || echo -dirty)" .
#
# Without the build arg the manifests say `unknown` (.git is not in the build context).

ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---------------------------------------------------------------------------------------------
# Build: the Swift toolchain plus the -dev packages of the two system-library targets
# (CRdKafka → librdkafka-dev, CBLAS → libopenblas-dev + liblapacke-dev, found via pkg-config).
FROM ${SWIFT_IMAGE} AS build
RUN export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends \
        librdkafka-dev libopenblas-dev liblapacke-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build
# Dependencies first, so a source change does not fetch them again. Package.resolved is not
# committed; the glob copies it when the working tree has one (and pins those versions).
COPY Package.* ./
RUN swift package resolve

COPY . .
# The Swift runtime (and Foundation) linked in statically: the runtime stage needs no toolchain.
RUN swift build -c release --product marquee --static-swift-stdlib \
    && mkdir -p /staging \
    && cp "$(swift build -c release --static-swift-stdlib --show-bin-path)/marquee" /staging/marquee \
    && strip /staging/marquee

# ---------------------------------------------------------------------------------------------
# Runtime: Debian 12 with the shared libraries the binary links (ldd: librdkafka.so.1,
# libopenblas.so.0, liblapacke.so.3, libstdc++), CA certificates for TLS to Kafka/Postgres, and
# curl for the compose healthcheck.
FROM ${RUNTIME_IMAGE} AS runtime
RUN export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends \
        librdkafka1 libopenblas0 liblapacke libstdc++6 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*

# A fixed numeric uid, so Kubernetes' runAsNonRoot can verify it without a passwd lookup.
RUN groupadd --system --gid 10001 marquee \
    && useradd --system --uid 10001 --gid marquee --home-dir /var/lib/marquee --shell /usr/sbin/nologin marquee \
    && mkdir -p /etc/marquee /var/lib/marquee/models /var/lib/marquee/spool /var/lib/marquee/reports \
    && chown -R marquee:marquee /var/lib/marquee

COPY --from=build /staging/marquee /usr/local/bin/marquee
# The JSON Schemas the gate validates against (SchemaOptions: --schemas, else $MARQUEE_SCHEMAS).
COPY schemas/ /usr/share/marquee/schemas/

ARG MARQUEE_CODE_VERSION=""
# MARQUEE_CODE_VERSION: read by ModelManifest.CodeVersion.current() (`<commit>` or `<commit>-dirty`).
ENV MARQUEE_SCHEMAS=/usr/share/marquee/schemas \
    MARQUEE_CODE_VERSION=${MARQUEE_CODE_VERSION}

LABEL org.opencontainers.image.title="marquee" \
      org.opencontainers.image.description="Marquee: ingest, gate, train, serve and evaluate movie recommendations from a Kafka log" \
      org.opencontainers.image.revision="${MARQUEE_CODE_VERSION}"

# Relative defaults (.marquee/models, .marquee/spool/served, .marquee/reports) land here; the
# folders above exist so that empty named volumes mounted on them start owned by marquee.
WORKDIR /var/lib/marquee
USER 10001:10001

# `marquee serve --host 0.0.0.0 --port 8080`
EXPOSE 8080
ENTRYPOINT ["marquee"]
CMD ["--help"]
