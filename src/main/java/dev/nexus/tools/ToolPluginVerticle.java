package dev.nexus.tools;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;

/**
 * Base of a tool plugin: deploy a subclass at any time, in this JVM or on another cluster node, and
 * its tools become callable without a restart; undeploy it and they are withdrawn.
 */
public abstract class ToolPluginVerticle extends VerticleBase {
  private ToolHost host;

  /** The tools this plugin offers. */
  protected abstract List<Tool> tools();

  @Override
  public Future<?> start() {
    return ToolHost.expose(vertx, config().getString("node", "plugin"), tools()).onSuccess(h -> host = h);
  }

  @Override
  public Future<?> stop() {
    return host == null ? Future.succeededFuture() : host.close();
  }
}
