package io.quicroam.simulator.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LongColumnsTest {
    @Test
    void rowsAcrossChunksReadBackInOrder() {
        LongColumns table = new LongColumns(2);
        int rows = 3 * LongColumns.CHUNK_ROWS + 5;
        for (int i = 0; i < rows; i++) {
            table.add(i, -i);
        }
        assertThat(table.rows()).isEqualTo(rows);
        assertThat(table.get(LongColumns.CHUNK_ROWS, 0)).isEqualTo(LongColumns.CHUNK_ROWS);
        assertThat(table.get(rows - 1, 1)).isEqualTo(-(rows - 1));
        long[] second = table.column(1);
        assertThat(second).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            assertThat(second[i]).isEqualTo(-i);
        }
        assertThatThrownBy(() -> table.get(rows, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> table.add(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retainedBytesAreItsChunksAndGrowByOneChunkAtATime() {
        LongColumns table = new LongColumns(3);
        long empty = table.retainedBytes();
        long chunk = 16 + 8L * 3 * LongColumns.CHUNK_ROWS;
        table.add(1, 2, 3);
        assertThat(table.retainedBytes() - empty).isEqualTo(chunk);
        for (int i = 1; i < LongColumns.CHUNK_ROWS; i++) {
            table.add(1, 2, 3);
        }
        assertThat(table.retainedBytes() - empty).as("one chunk full").isEqualTo(chunk);
        table.add(1, 2, 3);
        assertThat(table.retainedBytes() - empty)
                .as("a second chunk, nothing copied")
                .isEqualTo(2 * chunk);
    }
}
