# syntax=docker/dockerfile:1
# Build: Maven + JDK 17. Run: JRE 17 only, as a non-root user, configured by the environment alone.
# The image's jar leaves out the embedded PostgreSQL of the demo (-Pimage): the demo runs from the jar on a
# developer's machine, not here.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first: this layer is reused until pom.xml changes.
COPY pom.xml .
RUN mvn -B -q -Pimage dependency:go-offline || true
COPY src/main src/main
COPY sql sql
RUN mvn -B -q -Pimage -Dmaven.test.skip=true -Dinvoker.skip=true package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 cleaning \
 && useradd --system --uid 10001 --gid cleaning --no-create-home --shell /usr/sbin/nologin cleaning
WORKDIR /app
COPY --from=build /build/target/cleaning-job.jar /app/cleaning-job.jar
USER 10001:10001
# The operations API, dashboard, metrics and health (docs/operations.md). Writes need CLEANING_JOB_API_TOKEN.
ENV CLEANING_JOB_HTTP_PORT=8080 CLEANING_JOB_HTTP_HOST=0.0.0.0
EXPOSE 8080
# Liveness, not readiness: a database outage is not cured by restarting the job. curl is in the Temurin images.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS --max-time 4 "http://127.0.0.1:${CLEANING_JOB_HTTP_PORT}/health/live" > /dev/null || exit 1
# PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD PGSSLMODE, CLEANING_JOB_* : see docs/settings.md.
# The serial collector: the job's live heap is tens of MB, and with it a run used less CPU and half the memory
# of G1's (docs/performance.md).
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/cleaning-job.jar"]
CMD ["run"]
