# formcheck in a container: `docker build -t formcheck .` from a clone of this repository.
#   docker run --rm -v "$PWD:/site" -w /site -e TWILIO_ACCOUNT_SID -e TWILIO_AUTH_TOKEN … formcheck run --target preview
# The build stage makes the Debian package (scripts/package.sh); the runtime stage installs it
# with apt, as any Debian bookworm machine would, plus Chromium for the browser mode.

FROM debian:bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config dpkg-dev file ca-certificates \
      libcurl4-openssl-dev libboost1.81-dev nlohmann-json3-dev libfmt-dev libcli11-dev \
      libpugixml-dev libcpp-httplib-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN FORMCHECK_SKIP_SETUP=1 bash scripts/package.sh /out

FROM debian:bookworm-slim
COPY --from=build /out/formcheck_*.deb /tmp/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      /tmp/formcheck_*.deb chromium chromium-driver \
 && rm -rf /var/lib/apt/lists/* /tmp/formcheck_*.deb \
 && formcheck --version
WORKDIR /site
ENTRYPOINT ["formcheck"]
CMD ["--help"]
