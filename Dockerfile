# syntax=docker/dockerfile:1
# Build: Maven + JDK 17. Run: JRE 17 only, as a non-root user, configured by the environment alone.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first: this layer is reused until pom.xml changes.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline -DexcludeReactor=false || true
COPY src src
COPY sql sql
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 cleaning \
 && useradd --system --uid 10001 --gid cleaning --no-create-home --shell /usr/sbin/nologin cleaning
WORKDIR /app
COPY --from=build /build/target/cleaning-job.jar /app/cleaning-job.jar
USER 10001:10001
# PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD PGSSLMODE, CLEANING_JOB_* : see the README.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/cleaning-job.jar"]
CMD ["run"]
