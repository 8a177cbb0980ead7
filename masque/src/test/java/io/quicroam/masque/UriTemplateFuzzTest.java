package io.quicroam.masque;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzz target (issue #14) for the URI template (RFC 9484 §3, RFC 6570 level 3 subset): any text either parses or is
 * refused with an IllegalArgumentException naming the rule, never another exception; any {@code :path} matches or
 * not without an exception; and for a parsed template with both variables, the expansion of any non-empty values
 * matches the template and gives those values back (decode(encode(x)) == x).
 */
class UriTemplateFuzzTest {

    @FuzzTest
    void parsesOrRefusesAndExpansionsMatchBack(FuzzedDataProvider data) {
        String target = data.consumeString(40);
        String ipproto = data.consumeString(8);
        String path = data.consumeString(200);
        String text = data.consumeRemainingAsString();
        UriTemplate template;
        try {
            template = UriTemplate.parse(text);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        template.match(path);
        template.authorityMatches(path);
        if (target.isEmpty() || ipproto.isEmpty()) {
            return; // RFC 9484 §3: variables are never expanded empty (expand refuses them)
        }
        Optional<Map<String, String>> matched = template.match(template.expand(target, ipproto));
        assertThat(matched).as("the expansion of " + template).isPresent();
        if (text.contains("{target}") && text.contains("{ipproto}")) {
            assertThat(matched.get()).containsEntry("target", target).containsEntry("ipproto", ipproto);
        }
    }
}
