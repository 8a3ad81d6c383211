package dev.l2l.optimizers.learned;

import java.util.Objects;

/**
 * How {@link LstmOptimizer} lays out its graph: settings of speed, not of the optimizer — every choice gives
 * the same updates up to float rounding (see docs/performance.md for what each one gains).
 *
 * @param rowBlocks how the rows (coordinates) are split into blocks that run concurrently; {@link
 *     RowBlocks#DEFAULT}
 * @param cell which ops compute each cell's gates and state; {@link LstmCellKernel#AUTO}
 */
public record LstmExecution(RowBlocks rowBlocks, LstmCellKernel cell) {
  /** Two row blocks from 512 rows on, and the fused cell where it is available. */
  public static final LstmExecution DEFAULT = new LstmExecution(RowBlocks.DEFAULT, LstmCellKernel.AUTO);

  public LstmExecution {
    Objects.requireNonNull(rowBlocks, "rowBlocks");
    Objects.requireNonNull(cell, "cell");
  }

  public LstmExecution withRowBlocks(RowBlocks blocks) {
    return new LstmExecution(blocks, cell);
  }

  public LstmExecution withCell(LstmCellKernel kernel) {
    return new LstmExecution(rowBlocks, kernel);
  }
}
