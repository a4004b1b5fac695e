# One image recipe for every service, the JVM build:
#   docker build --build-arg SERVICE=catalog-service -t ghcr.io/paved-dev/catalog-service:1.0.0 .
# Build the jars first (./mvnw package -DskipTests); the image only copies Quarkus's fast-jar layout.
# The names and tags k8s/ deploys are set in one place: the images of k8s/base/kustomization.yaml.
FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:1.21
ARG SERVICE
ENV LANGUAGE='en_US:en'
COPY --chown=185 ${SERVICE}/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185 ${SERVICE}/target/quarkus-app/*.jar /deployments/
COPY --chown=185 ${SERVICE}/target/quarkus-app/app/ /deployments/app/
COPY --chown=185 ${SERVICE}/target/quarkus-app/quarkus/ /deployments/quarkus/
EXPOSE 8080
USER 185
ENV JAVA_OPTS_APPEND="-Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENV JAVA_APP_JAR="/deployments/quarkus-run.jar"
ENTRYPOINT [ "/opt/jboss/container/java/run/run-java.sh" ]
