package io.quicroam.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void levenshteinOfKnownPairs() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("tunel", "tunnel")).isEqualTo(1);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void suggestsCloseOrPrefixMatchesOnly() {
        List<String> keys = List.of("interfaces", "scheduler", "probes");
        assertThat(Suggestions.closest("interface", keys)).contains("interfaces");
        assertThat(Suggestions.closest("schedular", keys)).contains("scheduler");
        assertThat(Suggestions.closest("zzz", keys)).isEmpty();
    }

    @Property
    void distanceIsSymmetricAndZeroOnlyForEqualStrings(
            @ForAll @StringLength(max = 12) String a, @ForAll @StringLength(max = 12) String b) {
        assertThat(Suggestions.distance(a, b)).isEqualTo(Suggestions.distance(b, a));
        assertThat(Suggestions.distance(a, b) == 0).isEqualTo(a.equals(b));
    }
}
