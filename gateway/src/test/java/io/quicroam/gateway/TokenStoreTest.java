package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenStoreTest {
    private final TokenStore store = TokenStore.parse(
            List.of("# clients", "alice 0123456789abcdef0123", "", "bob   fedcba9876543210fedc"), "tokens.txt");

    @Test
    void aBearerTokenNamesItsClient() {
        assertThat(store.authenticate("Bearer 0123456789abcdef0123")).contains("alice");
        assertThat(store.authenticate("bearer fedcba9876543210fedc")).contains("bob");
    }

    @Test
    void anythingElseIsNobody() {
        assertThat(store.authenticate(null)).isEmpty();
        assertThat(store.authenticate("Bearer 0123456789abcdef0124")).isEmpty();
        assertThat(store.authenticate("Basic 0123456789abcdef0123")).isEmpty();
        assertThat(store.authenticate("0123456789abcdef0123")).isEmpty();
    }

    @Test
    void badLinesNameTheFileAndLine() {
        assertThatThrownBy(() -> TokenStore.parse(List.of("alice"), "t.txt")).hasMessageContaining("t.txt:1");
        assertThatThrownBy(() -> TokenStore.parse(List.of("alice short"), "t.txt"))
                .hasMessageContaining("t.txt:1")
                .hasMessageContaining("shorter than 16");
        assertThatThrownBy(() -> TokenStore.parse(List.of("# none"), "t.txt")).hasMessageContaining("no tokens");
    }
}
