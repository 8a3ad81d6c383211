package dev.l2l.tasks;

/** One sampled batch of problems of a {@link TaskFamily}: its data and its starting parameters. */
public interface ProblemBatch {
  /** θ₀ of every problem, row-major in the family's {@link TaskFamily#parameterShape()}. */
  float[] initialParameters();
}
