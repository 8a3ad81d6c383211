package dev.l2l.optimizers.learned;

/**
 * How {@link LstmOptimizer} splits its rows (one per coordinate) into independent blocks. Each block is a
 * separate chain of ops in the graph — its own LSTM state, its own MatMuls and gate ops — so TensorFlow's
 * inter-op threads run the blocks at the same time, each op on a block of rows without splitting its work
 * across threads. On a CPU with few cores and rows of 20 units this is faster than one chain of ops whose
 * every op is shared out between the threads (see docs/performance.md). The update of each coordinate is
 * the same whatever the blocks: the LSTM is coordinatewise.
 *
 * <p>Rows are split into {@code min(max, rows / minRows)} blocks (at least one) of sizes that differ by
 * at most one row, in order: block 0 holds the first rows.
 *
 * @param max at most this many blocks
 * @param minRows at least this many rows in each block (fewer rows: fewer blocks)
 */
public record RowBlocks(int max, int minRows) {
  /** Two blocks of at least 256 rows (so from 512 rows on): the default, measured on 2-core machines. */
  public static final RowBlocks DEFAULT = new RowBlocks(2, 256);
  /** All rows in one block: one chain of ops. */
  public static final RowBlocks ONE = new RowBlocks(1, 1);

  public RowBlocks {
    if (max < 1 || minRows < 1) {
      throw new IllegalArgumentException("row blocks need max >= 1 and minRows >= 1, got max " + max + ", minRows " + minRows);
    }
  }

  /** The sizes of the blocks {@code rows} rows are split into; they add up to {@code rows}. */
  public long[] sizes(long rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be positive, got " + rows);
    }
    int blocks = (int) Math.max(1, Math.min(max, rows / minRows));
    long[] sizes = new long[blocks];
    for (int b = 0; b < blocks; b++) {
      sizes[b] = rows / blocks + (b < rows % blocks ? 1 : 0);
    }
    return sizes;
  }
}
