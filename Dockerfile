# Bodega's production image: `docker build -t bodega .`, then run it with BODEGA_DB_URL, BODEGA_DB_USER,
# BODEGA_DB_PASSWORD and BODEGA_SECRET_KEY (see docs/OPERATIONS.md and deploy/).
# No Docker engine exists on the development machines, so this image has never been built there: DeploymentFilesTests
# checks that the variables it names exist and the port is Bodega's, and its steps were run by hand once (build from
# the files .dockerignore lets in, extract, train the cache as an unprivileged user, start with the cache).

# Base images: pinned by tag only. Their digests could not be learned on the machine this file was written on (no
# registry reachable), and a digest copied from elsewhere could not be checked; pin both FROM lines as
# `eclipse-temurin:25-jdk@sha256:<digest>` with the digests `docker buildx imagetools inspect eclipse-temurin:25-jdk`
# (and :25-jre) print when you build, and update them deliberately.

# --- Build: the jar, by the Maven wrapper, on a JDK 25 -------------------------------------------------------------
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
# The tests' generated API client is made from this document even when the tests are skipped.
COPY docs/openapi.json docs/openapi.json
# The tests run in CI, not here. The Maven repository is a build cache (BuildKit, Docker's default builder since 23.0),
# so a rebuild does not download it all again.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp package -DskipTests
# The jar extracted into app/bodega.jar and app/lib/: the layout an AOT cache is trained on (README, "Start-up time").
# Readable by everyone, writable by its owner alone: COPY --from keeps these modes and makes root the owner.
RUN java -Djarmode=tools -jar target/bodega.jar extract --destination /app \
    && chmod -R a=rX,u+w /app

# --- Runtime: JDK 25's JRE, a user of its own, and the AOT cache ----------------------------------------------------
FROM eclipse-temurin:25-jre
# Bodega needs no privilege, so it runs as an unprivileged user with a fixed id (Kubernetes' runAsNonRoot can check a
# number, not a name).
RUN groupadd --system --gid 10001 bodega \
    && useradd --system --uid 10001 --gid bodega --no-create-home --home-dir /app --shell /usr/sbin/nologin bodega \
    && install -d -o bodega -g bodega /data \
    && install -d -o root -g root -m 0755 /app/aot
WORKDIR /app
# The application belongs to root: the user it runs as can read it, not change it.
COPY --from=build /app/ /app/

# Memory: the heap takes 75% of the container's memory limit; the rest is for metaspace, code cache, thread stacks,
# the AOT cache and direct buffers (docs/OPERATIONS.md has a measured node). A node out of heap exits and is restarted
# rather than limping on with threads dead. G1 is named because with under 2 CPUs or 1792 MB the JVM would pick the
# serial collector, whose full pauses a readiness probe would see.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError" \
    BODEGA_DATA_DIR=/data

# The AOT cache is trained here, in the runtime image, because it is only valid for the exact JVM and class path it
# was made with. The training run starts the application until its context is refreshed and then exits. With no
# BODEGA_DB_URL it starts the embedded PostgreSQL, the only database a build has. Everything that run writes (the
# database, its secret key, the unpacked PostgreSQL binaries, Tomcat's work files) goes into /tmp/training, deleted
# in the same step, so none of it is in the image. It runs as the bodega user, as the server will: PostgreSQL refuses
# to run as root in general (zonky's build of it happens to allow it, nothing to rely on), and the cache is then made
# by the user that reads it. Port 0 keeps the run off any port a `--network=host` build shares. The classes only the
# embedded database needs are in the cache too and never loaded in production: harmless. (The same steps, run by hand
# as an unprivileged user on a development machine, made a 95 MiB cache that a JVM with -XX:AOTMode=on accepted.)
# The training run exits without stopping the embedded PostgreSQL it started (Spring abandons the context instead of
# closing it), so pg_ctl stops that server before its files are deleted.
# The cache is code the JVM maps into the server, so the server's user must not be able to change it: the training
# (setpriv: as bodega, from this root step) writes it into /tmp/training, and root installs it into /app/aot owned by
# root and read-only (0444), in the same step, so no layer holds a copy the bodega user owns.
RUN install -d -o bodega -g bodega -m 0700 /tmp/training \
    && setpriv --reuid=bodega --regid=bodega --clear-groups env HOME=/tmp/training sh -c '\
        BODEGA_DATA_DIR=/tmp/training/data SERVER_PORT=0 java $JAVA_OPTS -Djava.io.tmpdir=/tmp/training \
            -XX:AOTCacheOutput=/tmp/training/bodega.aot -Dspring.context.exit=onRefresh -jar bodega.jar \
        && /tmp/training/embedded-pg/PG-*/bin/pg_ctl -D /tmp/training/data/postgres -m fast -w stop' \
    && install -o root -g root -m 0444 /tmp/training/bodega.aot /app/aot/bodega.aot \
    && rm -rf /tmp/training
USER bodega

# /data holds the media files each node keeps as a cache of the database's copy, and the development mailbox when no
# BODEGA_SMTP_HOST is set. Nothing in it must survive the container.
VOLUME /data
EXPOSE 8080
# No HEALTHCHECK: it would need an HTTP client in the image just for that, and orchestrators probe over HTTP themselves
# (Kubernetes ignores a Docker HEALTHCHECK). deploy/kubernetes uses /actuator/health/readiness and liveness.
# `exec` makes java process 1 so SIGTERM reaches it: Bodega then reports not ready for BODEGA_SHUTDOWN_DRAIN before it
# stops accepting, and lets requests in flight finish. A cache that does not fit the JVM (other flags) is ignored
# with a warning, never fatal.
# The jar is named as in the training run (relative to /app): the cache checks the class path it was made with.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -XX:AOTCache=/app/aot/bodega.aot -jar bodega.jar \"$@\"", "bodega"]
