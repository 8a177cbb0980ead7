package io.quicroam.masque.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DuplicateFilterTest {

    @Test
    void deliversEachNumberOnceAcrossTwoPaths() {
        DuplicateFilter filter = new DuplicateFilter();
        int delivered = 0;
        for (long s = 0; s < 10_000; s++) {
            delivered += filter.firstTime(s) ? 1 : 0; // path A
            delivered += filter.firstTime(s) ? 1 : 0; // path B, same packet
        }
        assertThat(delivered).isEqualTo(10_000);
    }

    @Test
    void reorderedNumbersInsideTheWindowAreDelivered() {
        DuplicateFilter filter = new DuplicateFilter();
        assertThat(filter.firstTime(10)).isTrue();
        assertThat(filter.firstTime(7)).isTrue();
        assertThat(filter.firstTime(7)).isFalse();
        assertThat(filter.firstTime(10 + DuplicateFilter.WINDOW)).isTrue();
        assertThat(filter.firstTime(10)).as("fell out of the window").isFalse();
    }

    @Property
    void matchesASetWithinTheWindow(@ForAll @Size(max = 300) List<@IntRange(max = 2000) Integer> offers) {
        DuplicateFilter filter = new DuplicateFilter();
        Set<Integer> seen = new HashSet<>();
        for (int s : offers) {
            assertThat(filter.firstTime(s)).isEqualTo(seen.add(s));
        }
    }
}
