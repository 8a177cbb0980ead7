package io.quicroam.simulator.measure;

import java.util.Arrays;

/**
 * A table of longs that grows by appending rows, for the simulator's records of a run (every datagram's times, every
 * path sample). Rows live in fixed-size chunks: growing never copies what is there (a doubling array of a long run's
 * datagrams held both copies at once), no chunk is big enough to be a humongous object for G1 (which rounds those up
 * to whole heap regions: an array of 2 MiB + 16 bytes takes two 2 MiB regions, twice what it holds), and
 * {@link #retainedBytes} is what the table holds, so a long run's heap figure can leave the records out exactly
 * ({@link HeapTrend}). Not thread-safe.
 */
public final class LongColumns {
    /** Rows per chunk: 32 KiB a column, far below the smallest G1 region's humongous threshold (512 KiB). */
    static final int CHUNK_ROWS = 4096;
    /** An array's header (mark word, class pointer, length), as HotSpot lays it out with compressed class pointers. */
    private static final long ARRAY_HEADER = 16;

    private final int columns;
    private long[][] chunks = new long[8][];
    private int rows;

    public LongColumns(int columns) {
        if (columns < 1 || (long) columns * CHUNK_ROWS > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("columns: " + columns);
        }
        this.columns = columns;
    }

    /** Appends a row of {@code values}, one per column. */
    public void add(long... values) {
        if (values.length != columns) {
            throw new IllegalArgumentException(values.length + " values for " + columns + " columns");
        }
        int chunk = rows / CHUNK_ROWS;
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new long[CHUNK_ROWS * columns];
        }
        System.arraycopy(values, 0, chunks[chunk], (rows % CHUNK_ROWS) * columns, columns);
        rows++;
    }

    public int rows() {
        return rows;
    }

    public long get(int row, int column) {
        if (row < 0 || row >= rows || column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("row " + row + ", column " + column);
        }
        return chunks[row / CHUNK_ROWS][(row % CHUNK_ROWS) * columns + column];
    }

    /** One column's values, in the order the rows were added. */
    public long[] column(int column) {
        long[] values = new long[rows];
        for (int row = 0; row < rows; row++) {
            values[row] = get(row, column);
        }
        return values;
    }

    /** The bytes the table holds on to: its chunks and the array of them (references taken as 4 bytes). */
    public long retainedBytes() {
        long allocated = (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
        return allocated * (ARRAY_HEADER + (long) Long.BYTES * CHUNK_ROWS * columns)
                + ARRAY_HEADER
                + 4L * chunks.length;
    }
}
