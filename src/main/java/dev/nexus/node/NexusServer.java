package dev.nexus.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.Codecs;
import dev.nexus.config.ConfigLoader;
import dev.nexus.config.NexusEnvironment;
import dev.nexus.config.VerticleSettings;
import dev.nexus.gateway.GatewayVerticle;
import dev.nexus.gateway.Health;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Nexus node: a Vert.x instance with metrics, every bus codec, and one verticle per enabled
 * capability, each deployed with its own configuration; the gateway goes last so that health turns
 * green only when everything behind it is up.
 */
public final class NexusServer {
  private static final Logger LOG = LoggerFactory.getLogger(NexusServer.class);

  private final NexusEnvironment env;
  private final Path configDir;
  private final Integer portOverride;
  private final String registryName = "nexus-" + UUID.randomUUID();
  private JsonObject httpOverrides = new JsonObject();
  private ClusterOptions cluster = ClusterOptions.standalone();
  private Vertx vertx;
  private int port = -1;
  private final List<String> probed = new ArrayList<>();

  /**
   * @param configDir directory whose YAML files override the embedded defaults; null for none
   * @param portOverride the port from the command line, overriding NEXUS_PORT and the config
   */
  public NexusServer(NexusEnvironment env, Path configDir, Integer portOverride) {
    this.env = env;
    this.configDir = configDir;
    this.portOverride = portOverride;
  }

  /** Settings that override gateway.yaml's {@code http} section (the command line's TLS options); returns this. */
  public NexusServer httpOverrides(JsonObject overrides) {
    this.httpOverrides = overrides.copy();
    return this;
  }

  /** Clustering and roles (a standalone node with every capability unless set); returns this. */
  public NexusServer cluster(ClusterOptions options) {
    this.cluster = options;
    return this;
  }

  /** Creates a Vert.x instance with Prometheus metrics under a registry of its own. */
  public static Vertx createVertx(String registryName) {
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(metrics(registryName)))
        .withMetrics(new MicrometerMetricsFactory()).build();
    Codecs.register(vertx.eventBus());
    return vertx;
  }

  private static MicrometerMetricsOptions metrics(String registryName) {
    return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true).setRegistryName(registryName)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }

  /**
   * A clustered Vert.x instance on Hazelcast: TCP/IP join by the member list, multicast off, the event bus
   * bound to the cluster host; every codec registered, as on every node.
   */
  public static Future<Vertx> createClusteredVertx(String registryName, ClusterOptions cluster) {
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName("nexus");
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false).setPublicAddress(cluster.host() + ":" + cluster.port());
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members().isEmpty()
        ? List.of(cluster.host() + ":" + cluster.port()) : cluster.members());
    VertxOptions options = new VertxOptions().setMetricsOptions(metrics(registryName));
    options.getEventBusOptions().setHost(cluster.host()).setClusterPublicHost(cluster.host()).setPort(0);
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory())
        .withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered()
        .map(vertx -> {
          Codecs.register(vertx.eventBus());
          return vertx;
        });
  }

  /** Starts the node; completes once every verticle is deployed and the gateway listens. */
  public Future<NexusServer> start() {
    Future<Vertx> created = cluster.enabled() ? createClusteredVertx(registryName, cluster)
        : Future.succeededFuture(createVertx(registryName));
    return created.compose(v -> {
      vertx = v;
      return deploy();
    });
  }

  private Future<NexusServer> deploy() {
    ConfigLoader loader = new ConfigLoader(vertx, configDir);
    List<String> deployed = new ArrayList<>();
    JsonObject bridge = new JsonObject(); // tools.yaml's event-bus bridge, served by the gateway
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Supplier<Deployable>> capability : Capabilities.all().entrySet()) {
      chain = chain.compose(v -> loader.load(capability.getKey()).compose(settings -> {
        VerticleSettings vs = VerticleSettings.from(capability.getKey(), settings, null);
        if (capability.getKey().equals(Addresses.TOOLS) && vs.enabled()) {
          bridge.mergeIn(settings.section("bridge").json()).put("source", settings.source());
        }
        if (!vs.enabled()) {
          LOG.info("{} disabled in {}", capability.getKey(), settings.source());
          return Future.succeededFuture();
        }
        probed.add(capability.getKey()); // a gateway asks after every enabled capability, wherever it runs
        if (!cluster.runs(capability.getKey())) {
          return Future.succeededFuture();
        }
        deployed.add(capability.getKey());
        return vertx.deployVerticle(capability.getValue(), withEnvironment(vs.deploymentOptions()))
            .<Void>mapEmpty();
      }));
    }
    for (String plugin : cluster.plugins()) {
      chain = chain.compose(v -> deployPlugin(plugin).<Void>mapEmpty());
    }
    if (!cluster.runs(Addresses.GATEWAY)) {
      return chain.map(v -> {
        LOG.info("Nexus node is up with {}{}", deployed, cluster.plugins().isEmpty() ? "" : " and " + cluster.plugins());
        return this;
      }).recover(err -> vertx.close().transform(ignored -> Future.failedFuture(err)));
    }
    return chain.compose(v -> loader.load(Addresses.GATEWAY)).compose(settings -> {
      VerticleSettings vs = VerticleSettings.from(Addresses.GATEWAY, settings, null);
      DeploymentOptions options = withEnvironment(vs.deploymentOptions());
      options.getConfig().put("capabilities", new JsonArray(cluster.enabled() ? probed : deployed))
          .put("metrics-registry", registryName).put("api-keys", new JsonArray(env.apiKeys())).put("bridge", bridge);
      if (env.apiKeysFile() != null) {
        options.getConfig().put("api-keys-file", env.apiKeysFile().toString());
      }
      int configured = settings.section("http")
          .integer("port", NexusEnvironment.DEFAULT_PORT, 0, 65535);
      int chosen = portOverride != null ? portOverride
          : env.port() != NexusEnvironment.DEFAULT_PORT ? env.port() : configured;
      options.getConfig().put("http", options.getConfig().getJsonObject("http", new JsonObject())
          .copy().mergeIn(httpOverrides, true).put("port", chosen));
      return vertx.deployVerticle(GatewayVerticle::new, options);
    }).map(id -> {
      port = (Integer) vertx.sharedData().getLocalMap(GatewayVerticle.INFO_MAP).get("port");
      LOG.info("Nexus is up on port {} with {}", port, deployed);
      return this;
    }).recover(err -> vertx.close().transform(ignored -> Future.failedFuture(err)));
  }

  /**
   * Deploys a tool plugin ({@link dev.nexus.tools.ToolPluginVerticle}) by class name. A plugin is someone else's
   * code: it runs as a worker verticle on a small pool of its own, so one that blocks its thread past the tool
   * timeout holds only that pool, never an event loop or another stage's workers.
   */
  public Future<String> deployPlugin(String className) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return vertx.deployVerticle(className, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
            .setWorkerPoolName("nexus-plugin-" + simple).setWorkerPoolSize(2)
            .setConfig(new JsonObject().put("node", cluster.host() + ":" + cluster.port())))
        .onSuccess(id -> LOG.info("plugin {} deployed", className));
  }

  private DeploymentOptions withEnvironment(DeploymentOptions options) {
    options.getConfig().put("models-dir", env.models().toString()).put("data-dir", env.data().toString())
        .put("metrics-registry", registryName);
    return options;
  }

  /** Undeploys every verticle (the gateway finishing in-flight requests) and closes Vert.x. */
  public Future<Void> stop() {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    LOG.info("Nexus stopping");
    return vertx.close().onSuccess(v -> LOG.info("Nexus stopped"));
  }

  /**
   * This node's health, as {@code /health} answers it: each enabled capability's probe and the first-run report
   * ({@code setup}: what runs, what one command adds).
   */
  public Future<JsonObject> health() {
    return new Health(vertx, probed, 2000).probe();
  }

  /** The port the gateway listens on. */
  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }
}
