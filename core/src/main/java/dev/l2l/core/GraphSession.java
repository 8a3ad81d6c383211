package dev.l2l.core;

import java.util.Iterator;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * A TensorFlow graph and the session that runs it. It owns both native handles and closes them:
 * use it in try-with-resources.
 *
 * <p>Build the graph with {@link #tf()} first, then run it with {@link #session()} (created on first
 * use). Graph builders elsewhere in the library take {@link Ops} and own no native handle.
 */
public final class GraphSession implements AutoCloseable {
  private final Graph graph;
  private final Ops tf;
  private final SessionConfig config;
  private Session session;

  public GraphSession(SessionConfig config) {
    TensorFlowRuntime.ensureLoaded();
    this.config = config;
    this.graph = new Graph();
    DeviceSpec device = config.device().spec();
    this.tf = device == null ? Ops.create(graph) : Ops.create(graph).withDevice(device);
  }

  public GraphSession() {
    this(SessionConfig.defaults());
  }

  /** The op builder of this graph; its ops go to the device of this object's {@link SessionConfig}. */
  public Ops tf() {
    return tf;
  }

  public Graph graph() {
    return graph;
  }

  /** The session on this graph, created with this object's {@link SessionConfig} on first call. */
  public synchronized Session session() {
    if (session == null) {
      session = new Session(graph, config.toConfigProto());
    }
    return session;
  }

  public SessionConfig config() {
    return config;
  }

  /** The number of operations in the graph (running a built graph must not change it). */
  public int operationCount() {
    int n = 0;
    for (Iterator<?> it = graph.operations(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  @Override
  public synchronized void close() {
    if (session != null) {
      session.close();
      session = null;
    }
    graph.close();
  }
}
