package dev.l2l.core;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Explicit, reproducible seeds. Every random stream of the library is named and derived from a base
 * seed, so the problems used for meta-training, learning-rate tuning, validation and evaluation never
 * overlap and every number can be regenerated.
 */
public final class Seeds {
  private Seeds() {}

  /** A seed for the stream {@code name} under {@code base}; different names give unrelated seeds. */
  public static long derive(long base, String name) {
    long h = Hashing.murmur3_128().hashString(name, StandardCharsets.UTF_8).asLong();
    return new SplittableRandom(base ^ h).nextLong();
  }

  /** A seed for the {@code index}-th item of the stream {@code name} under {@code base}. */
  public static long derive(long base, String name, long index) {
    return derive(derive(base, name), Long.toString(index));
  }

  /** A random generator for the stream {@code name} under {@code base}. */
  public static SplittableRandom random(long base, String name) {
    return new SplittableRandom(derive(base, name));
  }
}
