package dev.l2l.training.cli;

import dev.l2l.core.SessionConfig;
import picocli.CommandLine.Option;

/** How TensorFlow runs the graphs: threads and device. Shared by every command that runs graphs. */
final class SessionOptions {
  @Option(names = "--threads", paramLabel = "N", description = "TensorFlow intra-op threads (default: all cores).")
  Integer threads;

  @Option(names = "--inter-op-threads", paramLabel = "N", description = "TensorFlow inter-op threads (default: all cores).")
  Integer interOpThreads;

  @Option(
      names = "--device",
      paramLabel = "D",
      converter = DeviceConverter.class,
      description = "Where the graphs run: auto (a GPU when one is visible, else the CPU), cpu, gpu (default auto).")
  SessionConfig.Device device;

  /** {@code base} with these options applied; refuses bad values naming the option. */
  SessionConfig apply(SessionConfig base) {
    SessionConfig s = base;
    if (threads != null || interOpThreads != null) {
      s = s.withThreads(
          threads != null ? Flags.positive("--threads", threads) : s.intraOpThreads(),
          interOpThreads != null ? Flags.positive("--inter-op-threads", interOpThreads) : s.interOpThreads());
    }
    return device != null ? s.withDevice(device) : s;
  }

  /** Reads auto, cpu, gpu in any case. */
  static final class DeviceConverter implements picocli.CommandLine.ITypeConverter<SessionConfig.Device> {
    @Override
    public SessionConfig.Device convert(String value) {
      for (SessionConfig.Device d : SessionConfig.Device.values()) {
        if (d.name().equalsIgnoreCase(value)) {
          return d;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("expected one of auto, cpu, gpu, got '" + value + "'");
    }
  }
}
