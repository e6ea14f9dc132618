# The omnistock daemon as a container image (docs/packaging.md, "Container image").
#   docker build -t omnistock .
#   docker run -d -p 8080:8080 -v omnistock-data:/var/lib/omnistock --name omnistock omnistock
#   docker exec omnistock cat /var/lib/omnistock/admin.key

# Build: the distribution archive, from this source tree, with Maven.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -pl packaging -am package -DskipTests \
 && mkdir /dist \
 && tar -xzf packaging/target/omnistock-*.tar.gz -C /dist --strip-components=1

# Run: a JRE and the unpacked distribution, as a user of its own.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 omnistock \
 && useradd --system --uid 10001 --gid omnistock --home-dir /var/lib/omnistock --shell /usr/sbin/nologin omnistock \
 && mkdir -p /var/lib/omnistock \
 && chown omnistock:omnistock /var/lib/omnistock
COPY --from=build /dist /opt/omnistock
# Listen on every interface of the container (the daemon's own default is loopback only); the
# journal, snapshots and API keys go to the volume.
ENV OMNISTOCK_HTTP_HOST=0.0.0.0 \
    OMNISTOCK_HTTP_PORT=8080 \
    OMNISTOCK_DATA_DIR=/var/lib/omnistock
VOLUME ["/var/lib/omnistock"]
EXPOSE 8080
USER omnistock
WORKDIR /var/lib/omnistock
# /health answers 200 from the moment the listener opens, recovery included; the start period is
# far longer than a recovery all the same, so a long replay is never counted against the container.
# bin/omnistock health asks it with Java's HTTP client: the JRE image has no curl.
HEALTHCHECK --start-period=300s --interval=30s --timeout=10s --retries=3 \
  CMD ["/opt/omnistock/bin/omnistock", "health"]
# Exec form: java is PID 1 and gets SIGTERM from `docker stop` itself, and stops gracefully
# (journal flushed, snapshot taken). The flags are the parent POM's chronicle.jvm.flags less the
# two for jdk.compiler, a module the JRE does not have (DockerfileRulesTest keeps them in step).
# The heap may use 75% of the container's memory limit (the engine keeps its state in memory), in
# transparent huge pages where the host allows them (docs/operations.md, "JVM settings").
ENTRYPOINT ["java", \
  "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", \
  "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", \
  "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", \
  "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", \
  "--add-opens=java.base/java.lang=ALL-UNNAMED", \
  "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", \
  "--add-opens=java.base/java.io=ALL-UNNAMED", \
  "--add-opens=java.base/java.util=ALL-UNNAMED", \
  "--add-opens=java.base/java.nio=ALL-UNNAMED", \
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", \
  "--add-opens=java.base/java.util.zip=ALL-UNNAMED", \
  "-Dchronicle.analytics.disable=true", \
  "-XX:MaxRAMPercentage=75.0", \
  "-XX:+UseTransparentHugePages", \
  "-jar", "/opt/omnistock/lib/omnistock-daemon.jar", \
  "serve", "--config", "/opt/omnistock/conf/omnistock.properties"]
